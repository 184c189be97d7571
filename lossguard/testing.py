"""Helpers for tests and for rule authors: check a snippet of code without touching the disk."""

from __future__ import annotations

from typing import Optional

from lossguard.findings.model import Finding
from lossguard.config.settings import Settings
from lossguard.sources.files import SourceFile


def check_code(code: str, path: str = "example.py", settings: Optional[Settings] = None) -> list[Finding]:
    from lossguard.checker.program import check_source

    source = SourceFile(path=path, text=code)
    return check_source(source, settings or Settings(preview=True)).findings


def codes_and_lines(findings: list[Finding]) -> list[tuple[int, str]]:
    return sorted((f.line, f.rule) for f in findings)
