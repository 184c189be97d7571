"""`--format text`: `path:line:col: LG101 message`, a hint, then a summary, like ruff and flake8."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from lossguard.findings.model import FileProblem, Finding


def location(finding: Finding) -> str:
    if finding.cell is not None:
        return f"{finding.path}:cell {finding.cell}:{finding.line}:{finding.column}"
    return f"{finding.path}:{finding.line}:{finding.column}"


def report(findings: Sequence[Finding], problems: Sequence[FileProblem], options: dict) -> str:
    color = options.get("color", False)
    quiet = options.get("quiet", False)
    lines: list[str] = []

    def style(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    for finding in findings:
        lines.append(f"{style(location(finding), '1')}: {style(finding.rule, '1;31' if finding.severity == 'error' else '1;33')} "
                     f"{finding.message}")
        if quiet:
            continue
        for rel in finding.related:
            where = f"{rel.path}:cell {rel.cell}:{rel.line}:{rel.column}" if rel.cell else f"{rel.path}:{rel.line}:{rel.column}"
            lines.append(f"  = note: {where}: {rel.message}")
        if finding.hint:
            lines.append(f"  = help: {finding.hint}")
        if finding.fix is not None:
            marker = "" if finding.fix.applicability == "safe" else " (unsafe: --unsafe-fixes)"
            lines.append(f"  = fix: {finding.fix.description}{marker}")
    if options.get("statistics"):
        counts = Counter((f.rule, f.name) for f in findings)
        if lines:
            lines.append("")
        for (rule, name), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{count:5d}  {rule}  {name}")
    if not quiet:
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = len(findings) - errors
        files = options.get("files_checked")
        if findings:
            fixable = sum(1 for f in findings if f.fix is not None and f.fix.applicability == "safe")
            summary = f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} ({errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''})"
            if files is not None:
                summary += f" in {files} file{'s' if files != 1 else ''} checked"
            summary += "."
            lines.append(summary)
            if fixable and not options.get("fixing"):
                lines.append(f"[*] {fixable} fixable with `lossguard check --fix`.")
        elif not any(p.fatal for p in problems):
            lines.append("All checks passed!" + (f" ({files} file{'s' if files != 1 else ''} checked)" if files is not None else ""))
        failed = sum(1 for p in problems if p.fatal)
        if failed:
            lines.append(f"{failed} file{'s' if failed != 1 else ''} could not be checked (see the messages above).")
    return "\n".join(lines) + ("\n" if lines else "")
