"""One entry point for reading a checked file: `.ipynb` notebooks and Python files."""

from __future__ import annotations

import sys
from typing import BinaryIO, Optional

from lossguard.sources.files import MAX_BYTES, SourceError, SourceFile, decode_python, read_bytes
from lossguard.sources.notebook import read_notebook


class InputTooLarge(SourceError):
    """Standard input over the read limit; `head` holds what was read (`--fix -` echoes it)."""

    def __init__(self, message: str, head: bytes):
        super().__init__(message)
        self.head = head


def read_stdin(stream: Optional[BinaryIO] = None, limit: int = MAX_BYTES) -> bytes:
    """Standard input, with the same 20 MB limit as files (`< /dev/zero` never ends)."""
    if stream is None:
        if sys.stdin is None:  # started with stdin closed (`<&-`)
            raise SourceError("standard input is closed")
        stream = sys.stdin.buffer
    try:
        data = stream.read(limit + 1)
    except (OSError, ValueError) as err:
        raise SourceError(f"cannot read standard input ({getattr(err, 'strerror', None) or err})")
    if len(data) > limit:
        raise InputTooLarge(f"input is too large to check (more than {limit // (1024 * 1024)} MB)", data)
    return data


def read_source(path: str, display: Optional[str] = None, data: Optional[bytes] = None) -> SourceFile:
    """Read a .py or .ipynb file (or the given bytes, e.g. from stdin)."""
    display = display if display is not None else path
    if data is None:
        data = read_bytes(path)
    if display.endswith(".ipynb"):
        return read_notebook(display, data)
    text, encoding, bom = decode_python(data)
    return SourceFile(path=display, text=text, encoding=encoding, bom=bom)
