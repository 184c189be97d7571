"""`check --fix` and `check --diff`: drive the fixer over files and report what remains.

Exit status: `--fix` exits 1 when findings remain after fixing (0 when everything was fixed);
`--diff` exits 1 when there is something to fix. Unlike Fixit, a fix run never hides leftovers: a
fix that is not written (read-only folder, a notebook whose lines would shift) is not counted, and
the file's findings are reported as they are. With stdin (`--fix -`, editors), stdout receives the
fixed code or, on any failure, the input unchanged.
"""

from __future__ import annotations

import os
import sys
from typing import Optional, Sequence

import click

from lossguard.checker.run import collect_targets
from lossguard.findings.merge import display_path, merge_findings
from lossguard.findings.model import FileProblem, FileResult
from lossguard.config.settings import Settings
from lossguard.reporting import write_output
from lossguard.sources.files import SourceError, read_bytes
from lossguard.sources.read import read_source


def run_fix(paths: Sequence[str], settings: Settings, stdin_data: Optional[bytes], stdin_filename: Optional[str],
            diff_only: bool, unsafe: bool, force_exclude: bool, output_format: str, quiet: bool, exit_zero: bool,
            output_file: Optional[str], statistics: bool, show_fixes: bool = False, color: bool = False,
            show_superseded: bool = False, dry_run: bool = False) -> int:
    """`dry_run` (`check --show-fixes` without `--fix`): fix in memory only, report the files as they
    are (exit status as `check`), and list what `--fix` would apply."""
    from lossguard.sources.discovery import Target
    from lossguard.fixing.apply import FixOutcome, fix_source, fixed_bytes, unified_diff, write_atomic
    from lossguard.reporting import get_reporter

    if stdin_data is not None:
        targets = [Target(display=stdin_filename or "-", path=stdin_filename or "-")]
        problems: list[FileProblem] = []
    else:
        targets, problems = collect_targets(paths, settings, force_exclude)
    echo_stdin = stdin_data is not None and not diff_only and not dry_run
    remaining: list[FileResult] = []  # per checked file (merged like `check` does: findings/merge.py)
    fixed_by_file: dict[str, list[tuple[str, str]]] = {}  # display path → (rule, description) of each fix
    checked_paths = [(t.path, t.display) for t in targets]
    foreign_files: set[str] = set()
    diffs: list[str] = []
    fixed_files = 0
    applied = 0
    echoed = False
    try:
        for target in targets:
            try:
                data = stdin_data if stdin_data is not None else read_bytes(target.path)
                source = read_source(target.path, target.display, data)
            except SourceError as err:
                problems.append(FileProblem(target.display, str(err)))
                continue
            entry = None if stdin_data is not None and not stdin_filename else target.path
            writer = None if diff_only or dry_run or stdin_data is not None else _write_foreign
            try:
                outcome = fix_source(source, settings, unsafe, entry, writer)
            except RecursionError:  # too deep for the fixer: report what `check` finds, change nothing
                from lossguard.checker.program import check_source

                checked = check_source(source, settings)
                problems.extend(checked.problems)
                outcome = FixOutcome(path=source.path, original=source.text, fixed=source.text,
                                     findings=checked.findings, original_findings=checked.findings)
            except Exception as err:  # an internal error: one line, the file untouched
                if os.environ.get("LOSSGUARD_DEBUG") == "1":
                    raise
                problems.append(FileProblem(target.display, f"internal error: {type(err).__name__}: {err}".splitlines()[0]))
                continue
            if outcome.problem:
                problems.append(FileProblem(target.display, outcome.problem, outcome.fatal))
            if stdin_data is None:  # fixes in imported modules (project-wide analysis)
                for path, record in sorted(outcome.foreign.items()):
                    shown = display_path(path, target.display, checked_paths)
                    if record.problem:
                        problems.append(FileProblem(shown, record.problem))
                    applied += len(record.applied)
                    if record.applied:
                        fixed_by_file.setdefault(shown, []).extend(record.applied)
                    if diff_only:
                        diffs.append(unified_diff(FixOutcome(path=shown, original=record.original, fixed=record.fixed)))
                    elif record.written or dry_run:
                        foreign_files.add(path)
            remaining_of = FileResult(path=target.display)
            remaining.append(remaining_of)
            if not outcome.changed:
                remaining_of.findings, remaining_of.superseded = outcome.findings, outcome.superseded
                if dry_run:
                    remaining_of.findings, remaining_of.superseded = outcome.original_findings, outcome.original_superseded
                continue
            if diff_only or dry_run:
                remaining_of.findings, remaining_of.superseded = outcome.findings, outcome.superseded
                if dry_run:  # the report is about the file as it is
                    remaining_of.findings, remaining_of.superseded = outcome.original_findings, outcome.original_superseded
                    if fixed_bytes(source, outcome, data) is None:  # what --fix would refuse to write
                        problems.append(FileProblem(target.display, "fixes change the notebook's line structure; "
                                                                    "--fix would not write them", fatal=False))
                        continue
                    fixed_files += 1
                applied += len(outcome.applied)
                fixed_by_file.setdefault(target.display, []).extend(outcome.applied)
                if diff_only:
                    diffs.append(unified_diff(outcome, source))
                continue
            new = fixed_bytes(source, outcome, data)
            if new is None:
                problems.append(FileProblem(target.display, "fixes change the notebook's line structure; not written"))
                remaining_of.findings, remaining_of.superseded = outcome.original_findings, outcome.original_superseded
                continue
            if stdin_data is not None:
                sys.stdout.buffer.write(new)
                sys.stdout.flush()
                echoed = True
                fixed_files += 1
            else:
                try:
                    write_atomic(target.path, new)
                except OSError as err:  # disk full, read-only folder...: the original file is untouched
                    problems.append(FileProblem(target.display, f"fixes not written: {err.strerror or err}"))
                    remaining_of.findings, remaining_of.superseded = outcome.original_findings, outcome.original_superseded
                    continue
                fixed_files += 1
            applied += len(outcome.applied)
            fixed_by_file.setdefault(target.display, []).extend(outcome.applied)
            remaining_of.findings, remaining_of.superseded = outcome.findings, outcome.superseded
    finally:
        if echo_stdin and not echoed:  # whatever happened, an editor gets its buffer back unchanged
            sys.stdout.buffer.write(stdin_data)  # type: ignore[arg-type]
            sys.stdout.flush()
    for problem in problems:
        click.echo(f"lossguard: {problem.path}: {problem.message}", err=True)
    stream_to_stderr = echo_stdin
    if diff_only:
        click.echo("".join(diffs), nl=False)
        if not quiet:
            if show_fixes:
                click.echo(fix_list("Would fix", fixed_by_file, remaining, unsafe), err=True, nl=False)
            else:
                click.echo(f"Would fix {applied} finding{'s' if applied != 1 else ''}.", err=True)
        if any(p.fatal for p in problems):
            return 2
        return 1 if applied and not exit_zero else 0
    from lossguard.checker.run import merge_superseded

    findings = merge_findings(remaining, checked_paths)
    superseded = merge_superseded(remaining, checked_paths, findings)
    fixed_files += len(foreign_files)
    out = get_reporter(output_format)(findings, problems, {"quiet": quiet, "statistics": statistics,
                                                            "files_checked": len(targets), "fixing": not dry_run,
                                                            "unsafe_fixes": unsafe, "color": color,
                                                            "superseded": superseded, "show_superseded": show_superseded})
    if output_file:
        failure = write_output(output_file, out)
        if failure is not None:
            click.echo(f"lossguard: error: {failure}", err=True)
            return 2
    else:
        click.echo(out, nl=False, err=stream_to_stderr, color=color or None)
    to_stderr = stream_to_stderr or output_format != "text" or bool(output_file)
    if not quiet and show_fixes:
        click.echo(fix_list("Would fix" if dry_run else "Fixed", fixed_by_file, remaining, unsafe), err=to_stderr, nl=False)
    elif not quiet and applied:
        click.echo(f"Fixed {applied} finding{'s' if applied != 1 else ''} in {fixed_files} file{'s' if fixed_files != 1 else ''}.",
                   err=to_stderr)
    if any(p.fatal for p in problems):
        return 2
    return 1 if findings and not exit_zero else 0


def _write_foreign(record) -> None:
    """Write a fixed imported module (fixing/apply.py calls it between passes)."""
    from lossguard.fixing.apply import write_atomic
    from lossguard.sources.files import encode_python

    write_atomic(record.source.path, encode_python(record.source, record.fixed))


def fix_list(verb: str, fixed: dict[str, list[tuple[str, str]]], remaining: Sequence[FileResult], unsafe: bool) -> str:
    """`--show-fixes`: the fixes per file and rule, as ruff lists them (`    1 × LG102 (name): what it does`),
    and how many more `--unsafe-fixes` would apply."""
    from collections import Counter

    from lossguard.rules import load_rules

    names = {r.code: r.name for r in load_rules()}
    total = sum(len(items) for items in fixed.values())
    files = sum(1 for items in fixed.values() if items)
    lines = []
    if total:
        lines.append(f"{verb} {total} finding{'s' if total != 1 else ''} in {files} file{'s' if files != 1 else ''}:")
        for path in sorted(p for p, items in fixed.items() if items):
            lines.append(f"- {path}:")
            counts = Counter(fixed[path])
            width = len(str(max(counts.values())))
            for (code, description), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"    {count:>{width}} × {code} ({names.get(code, '?')}): {description}")
    else:
        lines.append("No fixes applied." if verb == "Fixed" else "No fixes to apply.")
    if not unsafe:
        locked = sum(1 for result in remaining for f in result.findings if f.fix is not None and f.fix.applicability != "safe")
        if locked:
            lines.append(f"({locked} more fix{'es' if locked != 1 else ''} with --unsafe-fixes.)")
    return "\n".join(lines) + "\n"
