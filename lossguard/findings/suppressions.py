"""`# noqa` / `# lossguard: ignore[...]` comments: which findings the user has silenced.

A comment on the reported line covers the finding; for a finding whose primary location is in
another file than one of its related locations (project-wide analysis), a comment on that related
line covers it too, so a file that imports a shared module can silence what it cannot edit.
"""

from __future__ import annotations

import re
from typing import Optional

from lossguard.sources.files import SourceFile

_SUPPRESS = re.compile(r"#\s*(?:noqa|lossguard\s*:\s*ignore)\b(?:\s*(?::|\[)\s*([A-Za-z0-9_, ]*)\]?)?", re.I)


def suppressed_codes(line_text: str) -> Optional[set[str]]:
    """Codes suppressed by a comment on this line; an empty set means all of them."""
    match = _SUPPRESS.search(line_text)
    if match is None:
        return None
    codes = match.group(1)
    if not codes or not codes.strip():
        return set()
    return {c.strip().upper() for c in re.split(r"[,\s]+", codes) if c.strip()}


def is_suppressed(source: SourceFile, rule: str, line: int, cell: Optional[int] = None) -> bool:
    """Does a comment on `line` (of `cell`, in a notebook) of `source` silence `rule`?"""
    if "#" not in source.text:
        return False
    lines = source.lines()
    program_line = line
    if source.cells is not None and cell is not None:
        span = next((s for s in source.cells if s.cell == cell), None)
        program_line = span.first_line + line - 1 if span else line
    text = lines[program_line - 1] if 0 < program_line <= len(lines) else ""
    codes = suppressed_codes(text)
    return codes is not None and (not codes or any(rule.startswith(c) for c in codes))
