"""One file through the pipeline: source → parse → facts → rules → findings.

Positions are computed only for the nodes that end up in findings (positions.py); suppression
comments are honoured on the reported line; one root cause gives one finding (duplicates at the same
node are merged, and a rule's `supersedes` drops the less specific rule at the same node).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator, Optional

from typing import TYPE_CHECKING

from lossguard.findings.model import Dependencies, FileProblem, FileResult, Finding
from lossguard.findings.suppressions import is_suppressed
from lossguard.rules.base import Rule, Violation
from lossguard.config.settings import Settings
from lossguard.sources.discovery import Target
from lossguard.sources.files import MAX_ANALYSED_CHARS, SourceError, SourceFile, read_bytes
from lossguard.sources.read import read_source

if TYPE_CHECKING:  # libcst is imported only when a file needs parsing (not for non-ML files)
    import libcst as cst

    from lossguard.facts import ProgramFacts
    from lossguard.project.loader import ProjectLoader
    from lossguard.sources.parsing import Parsed

ML_WORDS = ("keras", "tensorflow", "torch", "transformers", "timm", "skorch")
DEBUG = os.environ.get("LOSSGUARD_DEBUG") == "1"


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
    deps: Optional[Dependencies] = None  # the project modules it read (None: imports not followed)
    facts: Optional[ProgramFacts] = None  # which module holds a node (fixes in imported modules)
    superseded: list[Finding] = field(default_factory=list)  # dropped for a more specific rule (`superseded_by`)
    notices: list[str] = field(default_factory=list)  # what could not be analysed, and why (not findings)


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
        if data is None:
            data = read_bytes(path)
        source = read_source(path, display, data)
    except SourceError as err:
        return FileResult(path=display, problems=[FileProblem(display, str(err))])
    return check_source(source, settings, entry_path=path if path != "-" else None, data=data)


def check_source(source: SourceFile, settings: Settings, entry_path: Optional[str] = None,
                 data: Optional[bytes] = None) -> FileResult:
    """Check one program. With `entry_path` (the file on disk, or the stdin file name) and imports
    followed (the default), the project modules it imports are analysed with it."""
    if len(source.text) > MAX_ANALYSED_CHARS and might_involve_ml(source.text):
        size = len(source.text) / 1000
        return FileResult(path=source.path, problems=[FileProblem(
            source.path, f"skipped: {size:,.1f} kB of code is over the {MAX_ANALYSED_CHARS // 1000} kB analysis "
                         f"limit (generated code?)", fatal=False)])
    try:
        with _deep_recursion():
            analysis = analyse(source, settings, entry_path, data)
    except RecursionError:
        from lossguard.sources.parsing import _python_syntax_error

        failure = _python_syntax_error(source.text)
        if failure is None:
            return FileResult(path=source.path, problems=[FileProblem(source.path, "too deeply nested to analyse")])
        cell, line = source.locate(failure.line)
        return FileResult(path=source.path, findings=[Finding(
            rule="LG000", name="parse-error", severity="error", path=source.path, line=line,
            column=source.cell_column(failure.line, failure.column), cell=cell,
            message=f"cannot parse: {failure.reason}")])
    return FileResult(path=source.path, findings=analysis.findings, deps=analysis.deps, superseded=analysis.superseded,
                      problems=[FileProblem(source.path, notice, fatal=False) for notice in analysis.notices])


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


def analyse(source: SourceFile, settings: Settings, entry_path: Optional[str] = None,
            data: Optional[bytes] = None) -> Analysis:
    loader = _loader(settings, entry_path)
    if not might_involve_ml(source.text):
        from lossguard.project.loader import imports_ml_module

        if loader is None or not imports_ml_module(loader, source.text):
            return Analysis(source, None, [], [])
    parsed = None
    if loader is not None and data is not None and not source.is_notebook:
        from lossguard.project.deps import digest_of

        parsed = loader.store.parsed(entry_path or "", digest_of(data))  # imported earlier in this run
    parse_findings: list[Finding] = []
    notices: list[str] = []
    if parsed is None:
        parsed, parse_findings = _parse(source, settings, notices)
    findings = [f for f in parse_findings if not is_suppressed(source, f.rule, f.line, f.cell)]
    if parsed is None:
        return Analysis(source, None, [], findings, notices=notices)
    module = parsed.module
    from lossguard.facts import extract_facts

    if loader is not None and data is not None and entry_path and os.path.isfile(entry_path):
        loader.store.remember(entry_path, data, source, parsed)  # programs importing this file reuse the tree
    facts = extract_facts(module, loader)
    rules = [r for r in all_rules() if settings.enabled(r.code, r.preview)]

    def enabled_here(rule: Rule, violation: Violation) -> bool:
        """per-file-ignores apply to the file of the finding's primary location"""
        module = facts.module_of(violation.node)
        path = module.source.path if module is not None and module.source is not None else source.path
        return settings.enabled_for(rule.code, path, rule.preview)

    dropped: dict[int, tuple[Rule, Violation, str]] = {}  # id(violation) → (rule, violation, superseding code)
    violations = _run_rules(rules, facts, enabled_here, dropped)
    if facts.merged_run is not None:
        # found only along one branch path (one of several models an option picks): a fix of the shared
        # code (the loss) may be wrong for the other paths, so it is never applied without review
        plain = {(r.code, id(v.node)) for r, v in _run_rules(rules, facts.merged_run, enabled_here)}
        violations = [(r, v) if (r.code, id(v.node)) in plain or v.fix is None or v.fix.applicability != "safe"
                      else (r, replace(v, fix=replace(v.fix, applicability="unsafe"))) for r, v in violations]
    from lossguard.findings.build import build_findings

    reported = build_findings(source, parsed, facts, violations + [(r, v) for r, v, _ in dropped.values()])
    superseded = [replace(f, superseded_by=dropped[id(v)][2]) for _, v, f in reported if id(v) in dropped]
    reported = [item for item in reported if id(item[1]) not in dropped]
    findings.extend(finding for _, _, finding in reported)
    findings.sort(key=Finding.sort_key)
    deps = None
    if loader is not None:
        deps = Dependencies(tuple(sorted(loader.deps.items())), loader.roots, tuple(sorted(loader.missing)))
    return Analysis(source, module, reported, findings, deps, facts, sorted(superseded, key=Finding.sort_key),
                    notices)


def _loader(settings: Settings, entry_path: Optional[str]) -> Optional[ProjectLoader]:
    """The project as this program sees it (None: imports are not followed)."""
    if not settings.follow_imports or not entry_path:
        return None
    folder = os.path.dirname(os.path.abspath(entry_path))
    if not os.path.isdir(folder):
        return None
    from lossguard.project.loader import ProjectLoader

    root = os.path.dirname(settings.config_path) if settings.config_path else None
    return ProjectLoader.for_entry(entry_path, settings.src, root)


def _parse(source: SourceFile, settings: Settings,
           notices: Optional[list[str]] = None) -> tuple[Optional[Parsed], list[Finding]]:
    from lossguard.sources.parsing import ParseFailure, ParserLimitation, parse

    findings: list[Finding] = []
    current = source
    if source.cells:
        current = _blank_broken_cells(source, settings, findings)
    for _ in range(50):
        try:
            return parse(current.text, notebook=current.cells is not None), findings
        except ParseFailure as failure:
            cell, line = current.locate(failure.line)
            if isinstance(failure, ParserLimitation):
                what = f"cell {cell}" if cell is not None else "this file"
                if notices is not None:
                    notices.append(f"{what} not analysed: Python accepts it, but lossguard's parser (libcst) "
                                   f"does not ({failure.reason})")
            elif settings.enabled_for("LG000", source.path):
                findings.append(Finding(rule="LG000", name="parse-error", severity="error", path=source.path,
                                        line=line, column=source.cell_column(failure.line, failure.column), cell=cell,
                                        message=f"cannot parse: {failure.reason}"))
            if cell is None:
                return None, findings
            from lossguard.sources.notebook import mask_cell_lines

            masked = mask_cell_lines(current, cell)  # keep analysing the other cells
            if masked.text == current.text:
                return None, findings
            current = masked
    return None, findings


def _blank_broken_cells(source: SourceFile, settings: Settings, findings: list[Finding]) -> SourceFile:
    """IPython runs each cell on its own: a cell that does not parse alone is the broken one (a stub
    `def f():` at the end of a cell is not an error of the next cell). Each is reported where it
    breaks and blanked, and the other cells are analysed as one program."""
    from lossguard.sources.notebook import mask_cell_lines
    from lossguard.sources.parsing import _python_syntax_error

    lines = source.lines()
    current = source
    for span in source.cells or ():
        text = "\n".join(lines[span.first_line - 1:span.first_line - 1 + span.line_count]) + "\n"
        failure = _python_syntax_error(text)
        if failure is None:
            continue
        if settings.enabled_for("LG000", source.path):
            findings.append(Finding(rule="LG000", name="parse-error", severity="error", path=source.path,
                                    line=failure.line, cell=span.cell,
                                    column=source.cell_column(span.first_line + failure.line - 1, failure.column),
                                    message=f"cannot parse: {failure.reason}"))
        current = mask_cell_lines(current, span.cell)
    return current


def _run_rules(rules: list[Rule], facts: object, enabled: Callable[[Rule, Violation], bool],
               dropped: Optional[dict[int, tuple[Rule, Violation, str]]] = None) -> list[tuple[Rule, Violation]]:
    out: list[tuple[Rule, Violation]] = []
    seen: set[tuple[str, int]] = set()
    for rule in rules:
        for violation in rule.check(facts):  # type: ignore[arg-type]
            key = (rule.code, id(violation.node))
            if key in seen or not enabled(rule, violation):
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
        by = next((other.code for other, v in out if id(v.node) == id(violation.node) and other.code in here
                   and rule.code in other.supersedes and other.supersedes_here(v, violation)), None)
        if by is not None:
            if dropped is not None:  # kept aside: the report counts them (`--show-superseded` lists them)
                dropped[id(violation)] = (rule, violation, by)
            continue
        kept.append((rule, violation))
    return kept
