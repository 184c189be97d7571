"""One entry point for reading a checked file: `.ipynb` notebooks and Python files."""

from __future__ import annotations

from typing import Optional

from lossguard.sources.files import SourceFile, decode_python, read_bytes
from lossguard.sources.notebook import read_notebook


def read_source(path: str, display: Optional[str] = None, data: Optional[bytes] = None) -> SourceFile:
    """Read a .py or .ipynb file (or the given bytes, e.g. from stdin)."""
    display = display if display is not None else path
    if data is None:
        data = read_bytes(path)
    if display.endswith(".ipynb"):
        return read_notebook(display, data)
    text, encoding, bom = decode_python(data)
    return SourceFile(path=display, text=text, encoding=encoding, bom=bom)
