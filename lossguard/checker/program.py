"""One file through the pipeline: source → parse → facts → rules → findings.

Positions are computed only for the nodes that end up in findings (positions.py); suppression
comments are honoured on the reported line; one root cause gives one finding (duplicates at the same
node are merged, and a rule's `supersedes` drops the less specific rule at the same node).
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Optional

from typing import TYPE_CHECKING

from lossguard.findings.model import FileProblem, FileResult, Finding, FixInfo, Related
from lossguard.rules.base import Rule, Violation
from lossguard.config.settings import Settings
from lossguard.sources.discovery import Target
from lossguard.sources.files import SourceError, SourceFile
from lossguard.sources.read import read_source

if TYPE_CHECKING:  # libcst is imported only when a file needs parsing (not for non-ML files)
    import libcst as cst

    from lossguard.sources.parsing import Parsed

ML_WORDS = ("keras", "tensorflow", "torch")
# Bigger files are generated code or data: skipped with a notice. libcst needs ~0.8 GB and ~15 s for
# 1 MB of code (measured); 200 kB (~6,000 lines, far beyond any hand-written training script) keeps a
# worst-case file under ~200 MB of memory and a few seconds.
MAX_ANALYSED_CHARS = 200_000
DEBUG = os.environ.get("LOSSGUARD_DEBUG") == "1"
_SUPPRESS = re.compile(r"#\s*(?:noqa|lossguard\s*:\s*ignore)\b(?:\s*(?::|\[)\s*([A-Za-z0-9_, ]*)\]?)?", re.I)


def might_involve_ml(text: str) -> bool:
    """The cheap prefilter: no mention of Keras, TensorFlow or PyTorch means nothing to check."""
    return any(word in text for word in ML_WORDS)


def all_rules() -> tuple[Rule, ...]:
    from lossguard.rules import load_rules

    return load_rules()


@dataclass
class Analysis:
    """What `analyse` produced for one file (kept for --fix)."""

    source: SourceFile
    module: Optional[cst.Module]
    reported: list[tuple[Rule, Violation, Finding]]  # rule findings that survived suppressions
    findings: list[Finding]  # everything reported for the file, sorted (parse errors included)


def check_one(target: Target, settings: Settings, stdin_data: Optional[bytes] = None) -> FileResult:
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


def check_path(path: str, display: str, settings: Settings, data: Optional[bytes] = None) -> FileResult:
    try:
        source = read_source(path, display, data)
    except SourceError as err:
        return FileResult(path=display, problems=[FileProblem(display, str(err))])
    return check_source(source, settings)


def check_source(source: SourceFile, settings: Settings) -> FileResult:
    if len(source.text) > MAX_ANALYSED_CHARS and might_involve_ml(source.text):
        size = len(source.text) / 1000
        return FileResult(path=source.path, problems=[FileProblem(
            source.path, f"skipped: {size:,.1f} kB of code is over the {MAX_ANALYSED_CHARS // 1000} kB analysis "
                         f"limit (generated code?)", fatal=False)])
    try:
        with _deep_recursion():
            analysis = analyse(source, settings)
    except RecursionError:
        from lossguard.sources.parsing import _python_syntax_error

        failure = _python_syntax_error(source.text)
        if failure is None:
            return FileResult(path=source.path, problems=[FileProblem(source.path, "too deeply nested to analyse")])
        cell, line = source.locate(failure.line)
        return FileResult(path=source.path, findings=[Finding(
            rule="LG000", name="parse-error", severity="error", path=source.path, line=line,
            column=failure.column, cell=cell, message=f"cannot parse: {failure.reason}")])
    return FileResult(path=source.path, findings=analysis.findings)


@contextmanager
def _deep_recursion(limit: int = 12_000) -> Iterator[None]:
    """Long expressions (a 3,000-term sum) are legal Python: give the tree walks room. Since Python
    3.11, Python-to-Python calls do not use the C stack, so a higher limit is safe here."""
    previous = sys.getrecursionlimit()
    if previous < limit:
        sys.setrecursionlimit(limit)
    try:
        yield
    finally:
        if previous < limit:
            sys.setrecursionlimit(previous)


def analyse(source: SourceFile, settings: Settings) -> Analysis:
    if not might_involve_ml(source.text):
        return Analysis(source, None, [], [])
    parsed, parse_findings = _parse(source, settings)
    findings = _suppress(source, parse_findings)
    if parsed is None:
        return Analysis(source, None, [], findings)
    module = parsed.module
    from lossguard.facts import extract_facts

    facts = extract_facts(module)
    rules = [r for r in all_rules() if settings.enabled_for(r.code, source.path, r.preview)]
    violations = _run_rules(rules, facts)
    reported = [item for item in _position(source, parsed, violations, facts.statement_of) if _kept(source, item[2])]
    findings.extend(finding for _, _, finding in reported)
    findings.sort(key=Finding.sort_key)
    return Analysis(source, module, reported, findings)


def _parse(source: SourceFile, settings: Settings) -> tuple[Optional[Parsed], list[Finding]]:
    from lossguard.sources.parsing import ParseFailure, parse

    findings: list[Finding] = []
    current = source
    for _ in range(50):
        try:
            return parse(current.text), findings
        except ParseFailure as failure:
            cell, line = current.locate(failure.line)
            if settings.enabled_for("LG000", source.path):
                findings.append(Finding(rule="LG000", name="parse-error", severity="error", path=source.path,
                                        line=line, column=failure.column, cell=cell,
                                        message=f"cannot parse: {failure.reason}"))
            if cell is None:
                return None, findings
            from lossguard.sources.notebook import mask_cell_lines

            masked = mask_cell_lines(current, cell)  # keep analysing the other cells
            if masked.text == current.text:
                return None, findings
            current = masked
    return None, findings


def _run_rules(rules: list[Rule], facts: object) -> list[tuple[Rule, Violation]]:
    out: list[tuple[Rule, Violation]] = []
    seen: set[tuple[str, int]] = set()
    for rule in rules:
        for violation in rule.check(facts):  # type: ignore[arg-type]
            key = (rule.code, id(violation.node))
            if key in seen:
                continue
            seen.add(key)
            out.append((rule, violation))
    # one root cause, one finding: the more specific rule wins at the same node
    codes_at: dict[int, set[str]] = {}
    for rule, violation in out:
        codes_at.setdefault(id(violation.node), set()).add(rule.code)
    kept = []
    for rule, violation in out:
        here = codes_at[id(violation.node)]
        if any(rule.code in other.supersedes for other, v in out if id(v.node) == id(violation.node) and other.code in here):
            continue
        kept.append((rule, violation))
    return kept


def _position(source: SourceFile, parsed: Parsed, violations: list[tuple[Rule, Violation]],
              statement_of: Optional[dict[int, cst.CSTNode]] = None) -> list[tuple[Rule, Violation, Finding]]:
    if not violations:
        return []
    from lossguard.findings.positions import compute_ranges

    nodes: list[cst.CSTNode] = []
    for _, violation in violations:
        nodes.append(violation.node)
        nodes.extend(node for node, _ in violation.related)
    ranges = compute_ranges(parsed.module, nodes, statement_of, parsed.tree, source.text)
    findings = []
    for rule, violation in violations:
        where = ranges.get(id(violation.node))
        if where is None:
            continue
        cell, line = source.locate(where.start.line)
        end_cell, end_line = source.locate(where.end.line)
        related = []
        for node, message in violation.related:
            r = ranges.get(id(node))
            if r is None:
                continue
            rcell, rline = source.locate(r.start.line)
            related.append(Related(source.path, rline, r.start.column + 1, message, rcell))
        fix = FixInfo(violation.fix.description, violation.fix.applicability) if violation.fix else None
        findings.append((rule, violation, Finding(
            rule=rule.code, name=rule.name, severity=rule.severity, path=source.path, line=line,
            column=where.start.column + 1, message=violation.message, hint=rule.hint,
            end_line=end_line if end_cell == cell else line, end_column=where.end.column + 1 if end_cell == cell else None,
            cell=cell, related=tuple(related), fix=fix, facts=violation.facts,
        )))
    return findings


def suppressed_codes(line_text: str) -> Optional[set[str]]:
    """Codes suppressed by a comment on this line; an empty set means all of them."""
    match = _SUPPRESS.search(line_text)
    if match is None:
        return None
    codes = match.group(1)
    if not codes or not codes.strip():
        return set()
    return {c.strip().upper() for c in re.split(r"[,\s]+", codes) if c.strip()}


def _kept(source: SourceFile, finding: Finding) -> bool:
    """False when a `# noqa` / `# lossguard: ignore` comment on the reported line covers the finding."""
    if "#" not in source.text:
        return True
    lines = source.lines()
    program_line = finding.line
    if source.cells is not None and finding.cell is not None:
        span = next((s for s in source.cells if s.cell == finding.cell), None)
        program_line = span.first_line + finding.line - 1 if span else finding.line
    text = lines[program_line - 1] if 0 < program_line <= len(lines) else ""
    codes = suppressed_codes(text)
    return codes is None or not (not codes or any(finding.rule.startswith(c) for c in codes))


def _suppress(source: SourceFile, findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if _kept(source, f)]
