"""Reporters turn findings into text for people and machines. They read findings only."""

from __future__ import annotations

from typing import Callable, Optional, Sequence

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


def write_output(path: str, text: str) -> Optional[str]:
    """Write a report to `path` (`-o`); the one-line reason when it cannot be written, else None."""
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as err:
        return f"cannot write the report to {path}: {err.strerror or err}"
    return None
