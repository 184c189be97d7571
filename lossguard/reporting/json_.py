"""`--format json`: one JSON array of findings (the contract in DEVELOPERS.md).

With `--show-superseded` the array also holds the findings a more specific one superseded, each
marked with `superseded_by` (the superseding rule's code); without it they are left out. With
`--statistics` it is the array of per-rule counts instead (ruff's keys: code, name, count, fixable,
fixable_count).
"""

from __future__ import annotations

import json
from typing import Sequence

from lossguard.findings.model import FileProblem, Finding


def report(findings: Sequence[Finding], problems: Sequence[FileProblem], options: dict) -> str:
    if options.get("statistics"):
        from lossguard.reporting.text import statistics

        return json.dumps(statistics(findings, options.get("unsafe_fixes", False)), indent=2) + "\n"
    items = list(findings)
    if options.get("show_superseded"):
        items = sorted(items + list(options.get("superseded") or ()), key=Finding.sort_key)
    return json.dumps([f.to_json() for f in items], indent=2) + "\n"
