"""The findings of a run: each program's findings, in the paths the user sees, once each.

A program (a checked file with the project modules it imports) may report a finding whose primary
location is in an imported module (absolute path). Such a finding belongs to the run when its
primary or one of its related locations is in a checked file (pre-commit passes only the changed
files); it is shown once even when several programs found it, under the path the user gave for a
checked file, else relative to the current folder (absolute when the program was named absolutely).
"""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Iterable, Sequence

from lossguard.findings.model import FileResult, Finding


def display_path(path: str, entry_display: str, checked_paths: Sequence[tuple[str, str]]) -> str:
    """How a module's absolute path is shown in the run of a program named `entry_display`."""
    checked = {os.path.realpath(p): d for p, d in checked_paths if p != "-"}
    return _display(path, entry_display, checked)


def _display(path: str, entry_display: str, checked: dict[str, str]) -> str:
    if not os.path.isabs(path):
        return path
    real = os.path.realpath(path)
    if real in checked:
        return checked[real]
    if os.path.isabs(entry_display):
        return path
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path


def merge_findings(results: Sequence[FileResult], checked_paths: Iterable[tuple[str, str]]) -> list[Finding]:
    """`checked_paths`: (path on disk, display) of every checked file of the run."""
    checked: dict[str, str] = {}
    displays: set[str] = set()
    for path, display in checked_paths:
        displays.add(display)
        if path != "-":
            checked.setdefault(os.path.realpath(path), display)
    best: dict[tuple, Finding] = {}
    for result in results:
        for finding in result.findings:
            finding = _localised(finding, result.path, checked)
            if finding.path not in displays and not any(r.path in displays for r in finding.related):
                continue  # entirely inside modules that were not checked
            key = (finding.rule, finding.path, finding.cell, finding.line, finding.column)
            other = best.get(key)
            if other is None or _preferred(finding, other):
                best[key] = finding
    return sorted(best.values(), key=Finding.sort_key)


def _preferred(a: Finding, b: Finding) -> bool:
    """Between two programs' reports of one finding, the one with more related locations, then the
    smaller in a fixed order: the choice never depends on the order files were checked in."""
    if len(a.related) != len(b.related):
        return len(a.related) > len(b.related)
    return json.dumps(a.to_json(), sort_keys=True) < json.dumps(b.to_json(), sort_keys=True)


def _localised(finding: Finding, entry_display: str, checked: dict[str, str]) -> Finding:
    if not os.path.isabs(finding.path) and not any(os.path.isabs(r.path) for r in finding.related):
        return finding
    related = tuple(dataclasses.replace(r, path=_display(r.path, entry_display, checked)) for r in finding.related)
    return dataclasses.replace(finding, path=_display(finding.path, entry_display, checked), related=related)
