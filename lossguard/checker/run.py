"""Checking many files: discovery, (parallel) per-file checks, deterministic ordering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

from lossguard.checker.parallel import check_many
from lossguard.checker.program import check_one
from lossguard.sources.discovery import DiscoveryProblem, Target, discover
from lossguard.findings.merge import merge_findings
from lossguard.findings.model import FileProblem, FileResult, Finding
from lossguard.config.settings import Settings


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    results: list[FileResult] = field(default_factory=list)
    files_checked: int = 0
    superseded: list[Finding] = field(default_factory=list)  # hidden by a more specific finding (not counted)


def collect_targets(paths: Sequence[str], settings: Settings, force_exclude: bool = False
                    ) -> tuple[list[Target], list[FileProblem]]:
    targets: list[Target] = []
    problems: list[FileProblem] = []
    exclude = tuple(settings.exclude) + tuple(settings.extend_exclude)
    for item in discover(paths, exclude, force_exclude, settings.project_root, settings.extension):
        if isinstance(item, DiscoveryProblem):
            problems.append(FileProblem(item.display, item.message, item.fatal))
        else:
            targets.append(item)
    return targets, problems


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
    extra = _importers(targets, paths, settings) if stdin_data is None else []
    results = _check_all(targets + extra, settings, jobs, stdin_data, cache)
    for result in results[:len(targets)]:  # the importers' own problems are not this run's
        report.results.append(result)
        report.problems.extend(result.problems)
    report.findings = merge_findings(results, [(t.path, t.display) for t in targets])
    report.superseded = merge_superseded(results, [(t.path, t.display) for t in targets], report.findings)
    report.files_checked = len(targets)
    return report


def merge_superseded(results: Sequence[FileResult], checked: list[tuple[str, str]], reported: Sequence[Finding]
                     ) -> list[Finding]:
    """The superseded findings of the run, merged like the findings; one that another program of the run
    reports after all is not superseded."""
    hidden = merge_findings([FileResult(path=r.path, findings=r.superseded) for r in results if r.superseded], checked)
    shown = {(f.rule, f.path, f.cell, f.line, f.column) for f in reported}
    return [f for f in hidden if (f.rule, f.path, f.cell, f.line, f.column) not in shown]


def _importers(targets: list[Target], paths: Sequence[str], settings: Settings) -> list[Target]:
    """Project files importing a checked file (project/importers.py): analysed too, so that checking
    only models/net.py still reports the mistake its training script shows. Exclusions apply."""
    if not settings.follow_imports or not targets:
        return []
    import os

    from lossguard.project.importers import find_importers
    from lossguard.sources.discovery import _matches

    root = os.path.dirname(settings.config_path) if settings.config_path else None
    exclude = tuple(settings.exclude) + tuple(settings.extend_exclude)
    out = []
    for path in find_importers([t.path for t in targets], paths, settings.src, root):
        try:
            display = os.path.relpath(path)
        except ValueError:
            display = path
        if display.startswith(".."):
            display = path
        if not _matches(display, exclude, settings.project_root):
            out.append(Target(display=display, path=path))
    return out


def _check_all(targets: list[Target], settings: Settings, jobs: int, stdin_data: Optional[bytes],
               cache: object) -> list[FileResult]:
    if stdin_data is not None:
        return [check_one(targets[0], settings, stdin_data)]
    return check_many(targets, settings, jobs, cache)
