"""`--format json`: one JSON array of findings (the contract in DEVELOPERS.md)."""

from __future__ import annotations

import json
from typing import Sequence

from lossguard.findings.model import FileProblem, Finding


def report(findings: Sequence[Finding], problems: Sequence[FileProblem], options: dict) -> str:
    return json.dumps([f.to_json() for f in findings], indent=2) + "\n"
