"""Reporters turn findings into text for people and machines. They read findings only."""

from __future__ import annotations

from typing import Callable, Sequence

from lossguard.findings import FileProblem, Finding

Reporter = Callable[[Sequence[Finding], Sequence[FileProblem], dict], str]


def get_reporter(name: str) -> Reporter:
    if name == "json":
        from lossguard.reporters.json_ import report
    elif name == "sarif":
        from lossguard.reporters.sarif import report
    elif name == "github":
        from lossguard.reporters.github import report
    else:
        from lossguard.reporters.text import report
    return report
