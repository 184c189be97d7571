"""Reporters turn findings into text for people and machines. They read findings only."""

from __future__ import annotations

from typing import Callable, Sequence

from lossguard.findings.model import FileProblem, Finding

Reporter = Callable[[Sequence[Finding], Sequence[FileProblem], dict], str]


def get_reporter(name: str) -> Reporter:
    if name == "json":
        from lossguard.reporting.json_ import report
    elif name == "sarif":
        from lossguard.reporting.sarif import report
    elif name == "github":
        from lossguard.reporting.github import report
    else:
        from lossguard.reporting.text import report
    return report
