"""Jupyter notebooks as one program: code cells in order, IPython syntax masked in place.

LibCST cannot parse IPython syntax, so `%line` magics, `!shell` lines, `x = !cmd`, `obj?` help and
`%%cell` magics become blank-equivalent Python *on the same line*, so positions never shift.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lossguard.sources.files import CellSpan, SourceError, SourceFile

# Cell magics whose body is still Python (only the magic line itself is masked).
PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug", "memit", "skip"}

_LINE_MAGIC = re.compile(r"^(\s*)[%!]")
_ASSIGN_MAGIC = re.compile(r"^(\s*[\w\.\[\]'\", ]+?\s*=\s*)[%!].*$")
_HELP = re.compile(r"^(\s*)[\w\.\(\)\[\]]+\?\??\s*$|^(\s*)\?\??[\w\.]+\s*$")


def mask_cell(source: str) -> str:
    """Replace IPython-only syntax by Python of the same line count and indentation."""
    lines = source.split("\n")
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split()[0] if len(first) > 2 else ""
        if magic not in PYTHON_CELL_MAGICS:
            return "\n".join("" for _ in lines)
        lines[0] = ""
    out = []
    for line in lines:
        m = _ASSIGN_MAGIC.match(line)
        if m and not line.lstrip().startswith(("%", "!")):
            out.append(m.group(1) + "None")
            continue
        m = _LINE_MAGIC.match(line)
        if m:
            out.append(m.group(1) + "pass")
            continue
        m = _HELP.match(line)
        if m:
            out.append((m.group(1) or m.group(2) or "") + "pass")
            continue
        out.append(line)
    return "\n".join(out)


def _cell_text(cell: dict[str, Any], index: int) -> str:
    src = cell.get("source", "")
    if isinstance(src, list):
        if not all(isinstance(s, str) for s in src):
            raise SourceError(f"cell {index}: 'source' is not text")
        return "".join(src)
    if isinstance(src, str):
        return src
    raise SourceError(f"cell {index}: 'source' is not text")


def read_notebook(path: str, data: bytes) -> SourceFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SourceError(f"notebook is not UTF-8 (invalid byte at offset {err.start})")
    try:
        nb = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        msg = err.msg if isinstance(err, json.JSONDecodeError) else "nesting too deep"
        where = f" at line {err.lineno} column {err.colno}" if isinstance(err, json.JSONDecodeError) else ""
        raise SourceError(f"notebook is not valid JSON: {msg}{where}")
    if not isinstance(nb, dict):
        raise SourceError("notebook is not a JSON object")
    if "cells" not in nb:
        if "worksheets" in nb:
            raise SourceError("nbformat 3 notebooks are not supported (convert with `jupyter nbconvert --to notebook`)")
        raise SourceError("notebook has no 'cells' list")
    cells = nb["cells"]
    if not isinstance(cells, list):
        raise SourceError("notebook 'cells' is not a list")
    return build_program(path, cells, nb)


def build_program(path: str, cells: list, nb: dict) -> SourceFile:
    parts: list[str] = []
    spans: list[CellSpan] = []
    originals: dict[int, str] = {}
    line = 1
    for index, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            raise SourceError(f"cell {index} is not a JSON object")
        if cell.get("cell_type") != "code":
            continue
        source = _cell_text(cell, index)
        originals[index] = source
        masked = mask_cell(source)
        if masked.endswith("\n"):
            masked = masked[:-1]
        count = masked.count("\n") + 1
        spans.append(CellSpan(cell=index, first_line=line, line_count=count))
        parts.append(masked)
        line += count
    text = "\n".join(parts) + ("\n" if parts else "")
    return SourceFile(path=path, text=text, cells=tuple(spans), notebook=nb,
                      notebook_cell_sources=originals)


def mask_cell_lines(source: SourceFile, cell: int) -> SourceFile:
    """The same program with one cell blanked out (used to keep analysing past a broken cell)."""
    lines = source.text.split("\n")
    for span in source.cells or ():
        if span.cell == cell:
            for i in range(span.first_line - 1, span.first_line - 1 + span.line_count):
                if i < len(lines):
                    lines[i] = ""
    return SourceFile(path=source.path, text="\n".join(lines), cells=source.cells,
                      notebook=source.notebook, notebook_cell_sources=source.notebook_cell_sources)
