"""`check --fix` and `check --diff`: drive the fixer over files and report what remains.

Exit status: `--fix` exits 1 when findings remain after fixing (0 when everything was fixed);
`--diff` exits 1 when there is something to fix. Unlike Fixit, a fix run never hides leftovers.
"""

from __future__ import annotations

import sys
from typing import Optional, Sequence

import click

from lossguard.checker.run import collect_targets
from lossguard.findings.model import FileProblem, Finding
from lossguard.config.settings import Settings
from lossguard.sources.files import SourceError
from lossguard.sources.read import read_source


def run_fix(paths: Sequence[str], settings: Settings, stdin_data: Optional[bytes], stdin_filename: Optional[str],
            diff_only: bool, unsafe: bool, force_exclude: bool, output_format: str, quiet: bool, exit_zero: bool,
            output_file: Optional[str], statistics: bool) -> int:
    from lossguard.sources.discovery import Target
    from lossguard.fixing.apply import fix_source, fixed_bytes, unified_diff, write_atomic
    from lossguard.reporting import get_reporter

    if stdin_data is not None:
        targets = [Target(display=stdin_filename or "-", path=stdin_filename or "-")]
        problems: list[FileProblem] = []
    else:
        targets, problems = collect_targets(paths, settings, force_exclude)
    remaining: list[Finding] = []
    diffs: list[str] = []
    fixed_files = 0
    applied = 0
    for target in targets:
        try:
            source = read_source(target.path, target.display, stdin_data)
        except SourceError as err:
            problems.append(FileProblem(target.display, str(err)))
            continue
        try:
            outcome = fix_source(source, settings, unsafe)
        except RecursionError:  # too deep for the fixer: report what `check` finds, change nothing
            from lossguard.fixing.apply import FixOutcome
            from lossguard.checker.program import check_source

            checked = check_source(source, settings)
            problems.extend(checked.problems)
            outcome = FixOutcome(path=source.path, original=source.text, fixed=source.text, findings=checked.findings)
        if outcome.problem:
            problems.append(FileProblem(target.display, outcome.problem))
        remaining.extend(outcome.findings)
        if stdin_data is not None and not diff_only:
            data = fixed_bytes(source, outcome) if outcome.changed else stdin_data
            sys.stdout.buffer.write(data if data is not None else stdin_data)
            sys.stdout.flush()
            applied += len(outcome.applied)
            continue
        if not outcome.changed:
            continue
        applied += len(outcome.applied)
        if diff_only:
            diffs.append(unified_diff(outcome))
            continue
        data = fixed_bytes(source, outcome)
        if data is None:
            problems.append(FileProblem(target.display, "fixes change the notebook's line structure; not written"))
            continue
        try:
            write_atomic(target.path, data)
        except OSError as err:  # disk full, read-only folder...: the original file is untouched
            applied -= len(outcome.applied)
            problems.append(FileProblem(target.display, f"fixes not written: {err.strerror or err}"))
            continue
        fixed_files += 1
    for problem in problems:
        click.echo(f"lossguard: {problem.path}: {problem.message}", err=True)
    stream_to_stderr = stdin_data is not None and not diff_only
    if diff_only:
        click.echo("".join(diffs), nl=False)
        if not quiet:
            click.echo(f"Would fix {applied} finding{'s' if applied != 1 else ''}.", err=True)
        if any(p.fatal for p in problems):
            return 2
        return 1 if applied and not exit_zero else 0
    out = get_reporter(output_format)(remaining, problems, {"quiet": quiet, "statistics": statistics,
                                                            "files_checked": len(targets), "fixing": True})
    if output_file:
        with open(output_file, "w", encoding="utf-8") as handle:
            handle.write(out)
    else:
        click.echo(out, nl=False, err=stream_to_stderr)
    if not quiet and applied:
        click.echo(f"Fixed {applied} finding{'s' if applied != 1 else ''} in {fixed_files} file{'s' if fixed_files != 1 else ''}.",
                   err=stream_to_stderr or output_format != "text")
    if any(p.fatal for p in problems):
        return 2
    return 1 if remaining and not exit_zero else 0
