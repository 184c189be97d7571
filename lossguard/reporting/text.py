"""`--format text`: `path:line:col: LG101 message`, a hint, then a summary, like ruff and flake8.

`--statistics` prints only the table of counts per rule (ruff's format: count, code, the fixable mark,
name; tab-separated), then the summary. Findings superseded by a more specific finding at the same
place (LG302 over LG301) are counted in the summary, and listed with `--show-superseded`.
"""

from __future__ import annotations

from collections import Counter
from typing import Optional, Sequence

from lossguard.findings.model import FileProblem, Finding


def location(finding: Finding) -> str:
    if finding.cell is not None:
        return f"{finding.path}:cell {finding.cell}:{finding.line}:{finding.column}"
    return f"{finding.path}:{finding.line}:{finding.column}"


def fix_applies(finding: Finding, unsafe: bool) -> bool:
    """Would `--fix` (with `--unsafe-fixes` when `unsafe`) apply this finding's fix?"""
    return finding.fix is not None and (finding.fix.applicability == "safe" or unsafe)


def statistics(findings: Sequence[Finding], unsafe: bool = False) -> list[dict]:
    """One row per rule, most frequent first (then by code): what `--statistics` shows. `fixable` is
    true when every finding of the rule is fixable, `fixable_count` says how many are (ruff's JSON)."""
    counts: Counter = Counter(f.rule for f in findings)
    names = {f.rule: f.name for f in findings}
    fixable = Counter(f.rule for f in findings if fix_applies(f, unsafe))
    rows = [{"code": code, "name": names[code], "count": count, "fixable": fixable[code] == count,
             "fixable_count": fixable[code]} for code, count in counts.items()]
    return sorted(rows, key=lambda r: (-r["count"], r["code"]))


def report(findings: Sequence[Finding], problems: Sequence[FileProblem], options: dict) -> str:
    color = options.get("color", False)
    quiet = options.get("quiet", False)
    unsafe = options.get("unsafe_fixes", False)
    superseded: Sequence[Finding] = options.get("superseded") or ()
    lines: list[str] = []

    def style(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    def show(finding: Finding, tag: str = "") -> None:
        lines.append(f"{style(location(finding), '1')}: {style(finding.rule, '1;31' if finding.severity == 'error' else '1;33')} "
                     f"{tag}{finding.message}")
        if quiet:
            return
        for rel in finding.related:
            where = f"{rel.path}:cell {rel.cell}:{rel.line}:{rel.column}" if rel.cell else f"{rel.path}:{rel.line}:{rel.column}"
            lines.append(f"  = note: {where}: {rel.message}")
        if finding.hint:
            lines.append(f"  = help: {finding.hint}")
        if finding.fix is not None:
            marker = "" if finding.fix.applicability == "safe" else " (unsafe: --unsafe-fixes)"
            lines.append(f"  = fix: {finding.fix.description}{marker}")

    if options.get("statistics"):
        rows = statistics(findings, unsafe)
        any_fixable = any(r["fixable_count"] for r in rows)
        count_width = max((len(str(r["count"])) for r in rows), default=1)
        for row in rows:
            mark = ""
            if any_fixable:
                mark = "[*] " if row["fixable"] else "[-] " if row["fixable_count"] else "[ ] "
            lines.append(f"{style(str(row['count']).rjust(count_width), '1')}\t{style(row['code'], '1;31')}\t"
                         f"{mark}{row['name']}")
    else:
        for finding in findings:
            show(finding)
        if options.get("show_superseded"):
            for finding in superseded:
                show(finding, f"[superseded by {finding.superseded_by}] ")
    if not quiet:
        lines.extend(_summary(findings, problems, options, unsafe, superseded))
    return "\n".join(lines) + ("\n" if lines else "")


def _summary(findings: Sequence[Finding], problems: Sequence[FileProblem], options: dict, unsafe: bool,
             superseded: Sequence[Finding]) -> list[str]:
    lines = []
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    files: Optional[int] = options.get("files_checked")
    checked = f" in {files} file{'s' if files != 1 else ''} checked" if files is not None else ""
    hidden = ""
    if superseded:
        pairs = ", ".join(sorted({f"{f.rule} by {f.superseded_by}" for f in superseded}))
        n = len(superseded)
        if options.get("show_superseded"):
            hidden = f"{n} superseded finding{'s' if n != 1 else ''} ({pairs}) shown above, not counted."
        else:
            hidden = (f"{n} more finding{'s' if n != 1 else ''} superseded by a more specific one at the same place "
                      f"({pairs}): --show-superseded lists {'it' if n == 1 else 'them'}.")
    if findings:
        summary = (f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} ({errors} error{'s' if errors != 1 else ''}, "
                   f"{warnings} warning{'s' if warnings != 1 else ''}){checked}.")
        lines.append(summary)
        if not options.get("fixing"):
            lines.extend(_fixable_line(findings, unsafe))
    elif not any(p.fatal for p in problems):
        lines.append("All checks passed!" + (f" ({files} file{'s' if files != 1 else ''} checked)" if files is not None else ""))
    if hidden:
        lines.append(hidden)
    failed = sum(1 for p in problems if p.fatal)
    if failed:
        lines.append(f"{failed} file{'s' if failed != 1 else ''} could not be checked (see the messages above).")
    return lines


def _fixable_line(findings: Sequence[Finding], unsafe: bool) -> list[str]:
    """ruff's line: how many `--fix` would fix, and how many more need `--unsafe-fixes`."""
    fixable = [f for f in findings if fix_applies(f, unsafe)]
    locked = sum(1 for f in findings if f.fix is not None and not fix_applies(f, unsafe))
    more = f" ({locked} more with --unsafe-fixes)" if locked else ""
    if fixable:
        flag = " --unsafe-fixes" if any(f.fix and f.fix.applicability != "safe" for f in fixable) else ""
        return [f"[*] {len(fixable)} fixable with `lossguard check --fix{flag}`{more}."]
    if locked:
        return [f"No safe fixes available ({locked} with `lossguard check --fix --unsafe-fixes`)."]
    return []
