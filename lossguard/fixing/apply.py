"""`--fix` / `--diff`: apply the rules' fixes with libcst, formatting preserved.

Guarantees, each tested: the fixed text re-parses (otherwise nothing is written), re-checking it no
longer reports the fixed finding, applying the fixes twice changes nothing, the rest of the file is
byte-identical, and files are replaced atomically (a temporary file in the same folder, then
`os.replace`). Unsafe fixes (they change model outputs) only run with `--unsafe-fixes`.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass, field
from typing import Optional, Sequence, Union

import libcst as cst

from lossguard.findings.model import Finding
from lossguard.sources.parsing import ParseFailure, parse_module
from lossguard.rules.base import Edit, Fix
from lossguard.config.settings import Settings
from lossguard.sources.files import SourceFile, encode_python

MAX_PASSES = 5


class _Applier(cst.CSTTransformer):
    def __init__(self, edits: Sequence[Edit]):
        super().__init__()
        self.replace: dict[int, Edit] = {}
        self.removals: set[int] = set()
        self.keywords: dict[int, list[tuple[str, str]]] = {}
        self.wanted_updates: set[int] = set()
        self.updated: dict[int, cst.CSTNode] = {}
        for edit in edits:
            if edit.keyword is not None:
                self.keywords.setdefault(id(edit.node), []).append(edit.keyword)
            elif edit.remove:
                self.removals.add(id(edit.node))
            else:
                self.replace[id(edit.node)] = edit
                if edit.with_node is not None:
                    self.wanted_updates.add(id(edit.with_node))

    def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode) -> Union[cst.CSTNode, cst.RemovalSentinel]:  # type: ignore[override]
        result = super().on_leave(original, updated)
        key = id(original)
        if key in self.wanted_updates:
            self.updated[key] = result  # type: ignore[assignment]
        if isinstance(result, cst.Call):
            result = self._fix_call(original, result)  # type: ignore[arg-type]
        edit = self.replace.get(key)
        if edit is not None:
            if edit.with_node is not None:
                new = self.updated.get(id(edit.with_node), edit.with_node)
                return new
            if edit.code is not None:
                new_node = _parse_like(original, edit.code)
                return new_node
        return result

    def _fix_call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        args = list(updated.args)
        # removals: an argument whose value is to be removed (e.g. nn.Softmax(dim=1) inside nn.Sequential)
        if any(id(a.value) in self.removals for a in original.args):
            kept: list[cst.Arg] = []
            for orig, new in zip(original.args, args):
                if id(orig.value) in self.removals:
                    if kept:
                        kept[-1] = kept[-1].with_changes(comma=new.comma)
                    continue
                kept.append(new)
            args = kept
        for name, code in self.keywords.get(id(original), []):
            value = cst.parse_expression(code)
            index = next((i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == name), None)
            if index is not None:
                args[index] = args[index].with_changes(value=value)
            else:
                new_arg = cst.Arg(value=value, keyword=cst.Name(name),
                                  equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                                        whitespace_after=cst.SimpleWhitespace("")))
                if args:
                    last = args[-1]
                    trailing = last.comma
                    if isinstance(trailing, cst.Comma):
                        new_arg = new_arg.with_changes(comma=trailing)
                        if isinstance(trailing.whitespace_after, cst.ParenthesizedWhitespace):
                            args[-1] = last.with_changes(comma=trailing)
                        else:
                            args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                            new_arg = new_arg.with_changes(comma=cst.MaybeSentinel.DEFAULT)
                    else:
                        args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                args.append(new_arg)
        if args != list(updated.args):
            return updated.with_changes(args=args)
        return updated


def _parse_like(original: cst.CSTNode, code: str) -> cst.CSTNode:
    if isinstance(original, cst.Name):
        return original.with_changes(value=code)
    node = cst.parse_expression(code)
    lpar = getattr(original, "lpar", None)
    rpar = getattr(original, "rpar", None)
    if lpar and hasattr(node, "lpar"):
        node = node.with_changes(lpar=lpar, rpar=rpar)
    return node


def apply_fixes(module: cst.Module, fixes: Sequence[Fix]) -> str:
    """Apply non-overlapping fixes (first one wins on a node) and return the new code."""
    edits: list[Edit] = []
    claimed: set[int] = set()
    for fix in fixes:
        nodes = {id(e.node) for e in fix.edits}
        if nodes & claimed:
            continue
        claimed |= nodes
        edits.extend(fix.edits)
    if not edits:
        return module.code
    return module.visit(_Applier(edits)).code


@dataclass
class FixOutcome:
    path: str
    original: str
    fixed: str
    applied: list[tuple[str, str]] = field(default_factory=list)  # (rule, description)
    findings: list[Finding] = field(default_factory=list)  # what remains after fixing
    problem: Optional[str] = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def fix_source(source: SourceFile, settings: Settings, unsafe: bool) -> FixOutcome:
    from lossguard.checker.program import analyse

    text = source.text
    outcome = FixOutcome(path=source.path, original=source.text, fixed=source.text)
    current = source
    for _ in range(MAX_PASSES):
        analysis = analyse(current, settings)
        reported = {(f.rule, f.line, f.column, f.cell) for f in analysis.findings}
        fixes: list[tuple[str, Fix]] = []
        for rule, violation, finding in analysis.reported:
            fix = violation.fix
            if fix is None or (fix.applicability != "safe" and not unsafe):
                continue
            if (finding.rule, finding.line, finding.column, finding.cell) in reported:
                fixes.append((rule.code, fix))
        if not fixes or analysis.module is None:
            outcome.findings = analysis.findings
            break
        new_text = apply_fixes(analysis.module, [f for _, f in fixes])
        if new_text == text:
            outcome.findings = analysis.findings
            break
        try:
            parse_module(new_text)
        except ParseFailure as failure:
            outcome.problem = f"a fix produced code that does not parse ({failure}); the file was left unchanged"
            outcome.findings = analysis.findings
            outcome.fixed = source.text
            return outcome
        if source.cells is not None and analysis.module.code != current.text:  # cells that do not parse were blanked
            new_text = _restore_masked(current.text, analysis.module.code, new_text)
            if new_text is None:
                outcome.problem = "a fix would change a notebook cell that does not parse; the file was left unchanged"
                outcome.findings = analysis.findings
                outcome.fixed = source.text
                return outcome
            if new_text == text:
                outcome.findings = analysis.findings
                break
        outcome.applied.extend((code, fix.description) for code, fix in fixes)
        text = new_text
        current = _with_text(source, text)
    else:
        outcome.findings = analyse(current, settings).findings
    outcome.fixed = text
    return outcome


def _restore_masked(original: str, masked: str, fixed: str) -> Optional[str]:
    """Put back the lines the analysis blanked (cells that do not parse); None if a fix touched them."""
    o, m, f = original.split("\n"), masked.split("\n"), fixed.split("\n")
    if not len(o) == len(m) == len(f):
        return None
    if any(a != b and c != b for a, b, c in zip(o, m, f)):
        return None
    return "\n".join(a if a != b else c for a, b, c in zip(o, m, f))


def _with_text(source: SourceFile, text: str) -> SourceFile:
    return SourceFile(path=source.path, text=text, encoding=source.encoding, bom=source.bom, cells=source.cells,
                      notebook=source.notebook, notebook_cell_sources=source.notebook_cell_sources)


def unified_diff(outcome: FixOutcome) -> str:
    lines = difflib.unified_diff(outcome.original.splitlines(keepends=True), outcome.fixed.splitlines(keepends=True),
                                 fromfile=outcome.path, tofile=outcome.path)
    out = "".join(lines)
    if out and not out.endswith("\n"):
        out += "\n"
    return out


def notebook_bytes(source: SourceFile, fixed_program: str) -> Optional[bytes]:
    """Write a fixed program back into the notebook's cells (None if cells changed line counts)."""
    import json

    if source.notebook is None or source.cells is None:
        return None
    new_lines = fixed_program.split("\n")
    old_lines = source.text.split("\n")
    if len(new_lines) != len(old_lines):
        return None
    nb = json.loads(json.dumps(source.notebook))
    for span in source.cells:
        cell = nb["cells"][span.cell - 1]
        original = (source.notebook_cell_sources or {}).get(span.cell, "")
        orig_lines = original.split("\n")
        chunk_old = old_lines[span.first_line - 1: span.first_line - 1 + span.line_count]
        chunk_new = new_lines[span.first_line - 1: span.first_line - 1 + span.line_count]
        if chunk_old == chunk_new:
            continue
        merged = []
        for i, line in enumerate(orig_lines):
            if i < len(chunk_new) and i < len(chunk_old) and chunk_old[i] != chunk_new[i]:
                merged.append(chunk_new[i])
            else:
                merged.append(line)
        text = "\n".join(merged)
        if isinstance(cell.get("source"), list):
            cell["source"] = text.splitlines(keepends=True)
        else:
            cell["source"] = text
    return (json.dumps(nb, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def write_atomic(path: str, data: bytes) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    mode = None
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=".lossguard-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def fixed_bytes(source: SourceFile, outcome: FixOutcome) -> Optional[bytes]:
    if source.is_notebook:
        return notebook_bytes(source, outcome.fixed)
    return encode_python(source, outcome.fixed)
