"""Checking many files: discovery, (parallel) per-file checks, deterministic ordering."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional, Sequence

from lossguard.discovery import DiscoveryProblem, Target, discover
from lossguard.findings import FileProblem, FileResult, Finding
from lossguard.settings import Settings


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    results: list[FileResult] = field(default_factory=list)
    files_checked: int = 0


def collect_targets(paths: Sequence[str], settings: Settings, force_exclude: bool = False
                    ) -> tuple[list[Target], list[FileProblem]]:
    targets: list[Target] = []
    problems: list[FileProblem] = []
    exclude = tuple(settings.exclude) + tuple(settings.extend_exclude)
    for item in discover(paths, exclude, force_exclude, settings.project_root):
        if isinstance(item, DiscoveryProblem):
            problems.append(FileProblem(item.display, item.message))
        else:
            targets.append(item)
    return targets, problems


def check_one(target: Target, settings: Settings, stdin_data: Optional[bytes] = None) -> FileResult:
    from lossguard.runner import check_path

    try:
        return check_path(target.path, target.display, settings, data=stdin_data)
    except RecursionError:
        return FileResult(path=target.display, problems=[FileProblem(target.display, "too deeply nested to analyse")])
    except MemoryError:
        return FileResult(path=target.display, problems=[FileProblem(target.display, "out of memory while analysing")])
    except Exception as err:  # an internal error must never become a traceback for the user
        if os.environ.get("LOSSGUARD_DEBUG") == "1":
            raise
        return FileResult(path=target.display, problems=[
            FileProblem(target.display, f"internal error: {type(err).__name__}: {err}".splitlines()[0])])


def run_check(paths: Sequence[str], settings: Settings, jobs: int = 1, force_exclude: bool = False,
              stdin_data: Optional[bytes] = None, stdin_filename: Optional[str] = None,
              cache: object = None) -> CheckReport:
    report = CheckReport()
    if stdin_data is not None:
        display = stdin_filename or "-"
        targets = [Target(display=display, path=display)]
        problems: list[FileProblem] = []
    else:
        targets, problems = collect_targets(paths, settings, force_exclude)
    report.problems.extend(problems)
    results = _check_all(targets, settings, jobs, stdin_data, cache)
    for result in results:
        report.results.append(result)
        report.findings.extend(result.findings)
        report.problems.extend(result.problems)
    report.files_checked = len(targets)
    return report


def _check_all(targets: list[Target], settings: Settings, jobs: int, stdin_data: Optional[bytes],
               cache: object) -> list[FileResult]:
    if stdin_data is not None:
        return [check_one(targets[0], settings, stdin_data)]
    from lossguard.parallel import check_many

    return check_many(targets, settings, jobs, cache)
