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
from lossguard.rules.kit import deletable
from lossguard.config.settings import Settings
from lossguard.sources.files import SourceFile, encode_python

MAX_PASSES = 100  # each pass fixes what the previous one uncovered (stacked activations)


class _Applier(cst.CSTTransformer):
    """Applies edits in one pass. Records which edits it applied (`done`): an edit whose target is
    not where the edit can work (a removal outside a container that allows it, with no placeholder)
    is left out, and so is its whole fix."""

    def __init__(self, edits: Sequence[Edit], prefer_placeholders: bool = False):
        super().__init__()
        self.replace: dict[int, Edit] = {}
        self.removals: dict[int, Edit] = {}
        self.keywords: dict[int, list[Edit]] = {}
        self.wanted_updates: set[int] = set()
        self.updated: dict[int, cst.CSTNode] = {}
        self.delete: dict[int, Edit] = {}  # removals whose container allows deleting them
        self.done: set[int] = set()  # id() of every applied Edit
        self.stack: list[cst.CSTNode] = []  # the original nodes from the module down to the current one
        self.prefer_placeholders = prefer_placeholders
        for edit in edits:
            if edit.keyword is not None:
                self.keywords.setdefault(id(edit.node), []).append(edit)
            elif edit.remove:
                self.removals[id(edit.node)] = edit
            else:
                self.replace[id(edit.node)] = edit
                if edit.with_node is not None:
                    self.wanted_updates.add(id(edit.with_node))

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.stack.append(node)
        return super().on_visit(node)

    def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode) -> Union[cst.CSTNode, cst.RemovalSentinel]:  # type: ignore[override]
        result = super().on_leave(original, updated)
        self.stack.pop()
        key = id(original)
        if key in self.wanted_updates:
            self.updated[key] = result  # type: ignore[assignment]
        if isinstance(result, cst.Call):
            result = self._fix_call(original, result)  # type: ignore[arg-type]
        elif isinstance(result, cst.List) and any(id(e.value) in self.delete for e in original.elements):  # type: ignore[attr-defined]
            result = self._delete_elements(original, result)  # type: ignore[arg-type]
        removal = self.removals.get(key)
        if removal is not None:
            if not (self.prefer_placeholders and removal.placeholder) and deletable(self.stack):
                self.delete[key] = removal  # the container deletes it when it is left
            elif removal.placeholder is not None:
                self.done.add(id(removal))
                return _parse_like(original, removal.placeholder)
            return result
        edit = self.replace.get(key)
        if edit is not None:
            if edit.with_node is not None:
                self.done.add(id(edit))
                new = self.updated.get(id(edit.with_node), edit.with_node)
                return _parenthesized_for(new, self.stack[-1] if self.stack else None)  # type: ignore[arg-type]
            if edit.code is not None:
                self.done.add(id(edit))
                return _parse_like(original, edit.code)
        return result

    def _fix_call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        args = list(updated.args)
        # deletions the container allows (the last layer of nn.Sequential(...))
        if any(id(a.value) in self.delete for a in original.args):
            args = _delete_items(args, [id(a.value) in self.delete for a in original.args])
            self.done.update(id(self.delete[id(a.value)]) for a in original.args if id(a.value) in self.delete)
        for edit in self.keywords.get(id(original), []):
            name, code = edit.keyword  # type: ignore[misc]
            self.done.add(id(edit))
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

    def _delete_elements(self, original: cst.List, updated: cst.List) -> cst.List:
        """The last layer of a Keras `Sequential([...])` list; the closing bracket keeps its place."""
        drop = [id(e.value) in self.delete for e in original.elements]
        self.done.update(id(self.delete[id(e.value)]) for e in original.elements if id(e.value) in self.delete)
        elements = list(updated.elements)
        rbracket = updated.rbracket
        if drop and drop[-1] and len(elements) > 1 and not any(drop[:-1]):
            previous, last = elements[-2], elements[-1]
            before = rbracket.whitespace_before
            own = previous.comma.whitespace_after if isinstance(previous.comma, cst.Comma) else None
            rbracket = rbracket.with_changes(whitespace_before=_merge_gap(own, before))
            elements = elements[:-2] + [previous.with_changes(comma=last.comma)]
            return updated.with_changes(elements=elements, rbracket=rbracket)
        return updated.with_changes(elements=_delete_items(elements, drop))


def _delete_items(items: list, drop: list[bool]) -> list:
    """Delete arguments or list elements; the gap after the item before a deleted one becomes the
    deleted item's gap, except for the comments of that item's own line, which go with it."""
    kept: list = []
    for item, gone in zip(items, drop):
        if not gone:
            kept.append(item)
            continue
        if not kept:
            continue
        previous = kept[-1]
        own = previous.comma.whitespace_after if isinstance(previous.comma, cst.Comma) else None
        if isinstance(item.comma, cst.Comma):
            comma = item.comma.with_changes(whitespace_after=_merge_gap(own, item.comma.whitespace_after))
            kept[-1] = previous.with_changes(comma=comma)
        elif isinstance(previous, cst.Arg):  # the last argument, without a trailing comma
            kept[-1] = previous.with_changes(comma=cst.MaybeSentinel.DEFAULT,
                                             whitespace_after_arg=_merge_gap(own, item.whitespace_after_arg))
        else:
            kept[-1] = previous.with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return kept


def _merge_gap(own: Optional[cst.BaseParenthesizableWhitespace],
               gap: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    """The whitespace after a deleted item, with the previous item's own end of line (its comment)
    instead of the deleted item's; comment lines between them are kept."""
    if isinstance(own, cst.ParenthesizedWhitespace):
        if isinstance(gap, cst.ParenthesizedWhitespace):
            return gap.with_changes(first_line=own.first_line, empty_lines=[*own.empty_lines, *gap.empty_lines])
        return own
    return gap


_ATOMS = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString,
          cst.FormattedString, cst.ConcatenatedString, cst.List, cst.Dict, cst.Set, cst.ListComp, cst.SetComp,
          cst.DictComp, cst.Ellipsis)
_ANY_EXPRESSION_FITS = (cst.Arg, cst.Element, cst.Index, cst.Return, cst.Expr, cst.Assign, cst.AnnAssign,
                        cst.AugAssign, cst.DictElement, cst.Param)


def _parenthesized_for(node: cst.CSTNode, parent: Optional[cst.CSTNode]) -> cst.CSTNode:
    """`F.softmax(a - b, dim=1) * 2` → `(a - b) * 2`: parentheses where the parent would bind tighter."""
    if not isinstance(node, cst.BaseExpression) or getattr(node, "lpar", None) or isinstance(node, _ATOMS):
        return node
    if isinstance(parent, _ANY_EXPRESSION_FITS) and not isinstance(node, (cst.NamedExpr, cst.Yield)):
        return node
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


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
    return apply_fixes_report(module, fixes)[0]


def apply_fixes_report(module: cst.Module, fixes: Sequence[Fix], prefer_placeholders: bool = False
                       ) -> tuple[str, list[Fix]]:
    """Apply non-overlapping fixes; return the new code and the fixes that were applied in full.
    A fix the tree does not allow (a removal outside a container that permits it, and no
    placeholder) is not applied, and neither is any part of it."""
    chosen: list[Fix] = []
    claimed: set[int] = set()
    for fix in fixes:
        nodes = {id(e.node) for e in fix.edits}
        if nodes & claimed:
            continue
        claimed |= nodes
        chosen.append(fix)
    while chosen:
        applier = _Applier([e for fix in chosen for e in fix.edits], prefer_placeholders)
        code = module.visit(applier).code
        complete = [fix for fix in chosen if all(id(e) in applier.done for e in fix.edits)]
        partial = [fix for fix in chosen if not all(id(e) in applier.done for e in fix.edits)
                   and any(id(e) in applier.done for e in fix.edits)]
        if not partial:
            return code, complete
        chosen = complete  # run again without the fixes that applied only in part
    return module.code, []


@dataclass
class FixOutcome:
    path: str
    original: str
    fixed: str
    applied: list[tuple[str, str]] = field(default_factory=list)  # (rule, description)
    findings: list[Finding] = field(default_factory=list)  # what remains after fixing
    problem: Optional[str] = None
    fatal: bool = True  # False for a notice (the file is over the analysis limit)
    original_findings: list[Finding] = field(default_factory=list)  # what the file as it is has

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def fix_source(source: SourceFile, settings: Settings, unsafe: bool) -> FixOutcome:
    """Fix until nothing fixable is left (a fixpoint: fixing the result again changes nothing), or
    until a pass would repeat an earlier text, or MAX_PASSES."""
    from lossguard.checker import program

    text = source.text
    outcome = FixOutcome(path=source.path, original=source.text, fixed=source.text)
    if len(text) > program.MAX_ANALYSED_CHARS and program.might_involve_ml(text):
        checked = program.check_source(source, settings)  # the same notice as `check`, nothing analysed
        outcome.findings = outcome.original_findings = checked.findings
        if checked.problems:
            outcome.problem, outcome.fatal = checked.problems[0].message, checked.problems[0].fatal
        return outcome
    current = source
    seen = {text}
    for passes in range(MAX_PASSES + 1):
        analysis = program.analyse(current, settings)
        if passes == 0:
            outcome.original_findings = analysis.findings
        reported = {(f.rule, f.line, f.column, f.cell) for f in analysis.findings}
        fixes: list[tuple[str, Fix]] = []
        for rule, violation, finding in analysis.reported:
            fix = violation.fix
            if fix is None or (fix.applicability != "safe" and not unsafe):
                continue
            if (finding.rule, finding.line, finding.column, finding.cell) in reported:
                fixes.append((rule.code, fix))
        outcome.findings = analysis.findings
        if not fixes or analysis.module is None or passes == MAX_PASSES:
            break
        new_text, done = apply_fixes_report(analysis.module, [f for _, f in fixes],
                                            prefer_placeholders=source.cells is not None)
        if new_text == text or new_text in seen:
            break
        try:
            parse_module(new_text)
        except ParseFailure as failure:
            outcome.problem = f"a fix produced code that does not parse ({failure}); the file was left unchanged"
            outcome.findings = outcome.original_findings
            outcome.fixed = source.text
            outcome.applied = []
            return outcome
        if source.cells is not None and analysis.module.code != current.text:  # cells that do not parse were blanked
            new_text = _restore_masked(current.text, analysis.module.code, new_text)
            if new_text is None:
                outcome.problem = "a fix would change a notebook cell that does not parse; the file was left unchanged"
                outcome.findings = outcome.original_findings
                outcome.fixed = source.text
                outcome.applied = []
                return outcome
            if new_text == text or new_text in seen:
                break
        applied = {id(f) for f in done}
        outcome.applied.extend((code, fix.description) for code, fix in fixes if id(fix) in applied)
        text = new_text
        seen.add(text)
        current = _with_text(source, text)
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
