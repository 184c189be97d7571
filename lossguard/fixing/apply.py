"""`--fix` / `--diff`: apply the rules' fixes with libcst, formatting preserved.

Guarantees, each tested: the fixed program still runs where it ran (a layer is deleted only where
its container allows it, `rules.kit.deletable`; tests/test_fix_runnable.py runs fixed programs
with the real torch and Keras), the fixed text re-parses (otherwise nothing is written), re-checking
it no longer reports the fixed finding, one run reaches a fixpoint, the rest of the file is
byte-identical (libcst's round-trip losses, form feeds, are put back; notebooks keep their own
JSON), and files are replaced atomically (a temporary file in the same folder, then `os.replace`;
through symlinks, keeping mode, owner and hard links; signals wait until the file is complete).
Unsafe fixes (they change model outputs) only run with `--unsafe-fixes`.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import signal
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional, Sequence, Union

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
class ForeignFix:
    """A fix applied to an imported module of the project (the file that holds the fixed node)."""

    source: SourceFile  # as read (path: absolute)
    original: str
    fixed: str
    applied: list[tuple[str, str]] = field(default_factory=list)
    written: bool = False
    problem: Optional[str] = None


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
    superseded: list[Finding] = field(default_factory=list)  # what remains that a more specific finding hides
    original_superseded: list[Finding] = field(default_factory=list)
    # fixes whose nodes are in imported project modules: absolute path → the module as fixed
    foreign: dict[str, "ForeignFix"] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def fix_source(source: SourceFile, settings: Settings, unsafe: bool, entry_path: Optional[str] = None,
               write_foreign: Optional[Callable[[ForeignFix], None]] = None) -> FixOutcome:
    """Fix until nothing fixable is left (a fixpoint: fixing the result again changes nothing), or
    until a pass would repeat an earlier text, or MAX_PASSES.

    With `entry_path`, imports are followed as `check` does, and a fix whose nodes are all in one
    imported module edits that module (`write_foreign` writes it at once, so the next pass sees it;
    without it, as for --diff, each module is fixed once and only shown)."""
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
        analysis = program.analyse(current, settings, entry_path)
        if passes == 0:
            outcome.original_findings, outcome.original_superseded = analysis.findings, analysis.superseded
        reported = {(f.path, f.rule, f.line, f.column, f.cell) for f in analysis.findings}
        fixes: list[tuple[str, Fix]] = []
        foreign: dict[str, tuple[Any, list[tuple[str, Fix]]]] = {}
        for rule, violation, finding in analysis.reported:
            fix = violation.fix
            if fix is None or (fix.applicability != "safe" and not unsafe):
                continue
            if (finding.path, finding.rule, finding.line, finding.column, finding.cell) not in reported:
                continue
            homes = {id(_home(analysis, edit.node)) for edit in fix.edits}
            if len(homes) != 1:
                continue  # edits in several files: not one atomic write
            home = _home(analysis, fix.edits[0].node)
            if home is None:
                fixes.append((rule.code, fix))
            elif not unsafe:
                continue  # a fix in an imported module changes it for every program that imports it
            elif home.path not in outcome.foreign or write_foreign is not None:
                foreign.setdefault(home.path, (home, []))[1].append((rule.code, fix))
        outcome.findings, outcome.superseded = analysis.findings, analysis.superseded
        if foreign and passes < MAX_PASSES:
            wrote = _fix_foreign(foreign, outcome, write_foreign)
            if wrote and not fixes:
                continue  # the next pass analyses the fixed modules
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
            outcome.findings, outcome.superseded = outcome.original_findings, outcome.original_superseded
            outcome.fixed = source.text
            outcome.applied = []
            return outcome
        if source.cells is None and analysis.module.code != current.text:
            new_text = _keep_round_trip_losses(current.text, analysis.module.code, new_text)
        if source.cells is not None and analysis.module.code != current.text:  # cells that do not parse were blanked
            new_text = _restore_masked(current.text, analysis.module.code, new_text)
            if new_text is None:
                outcome.problem = "a fix would change a notebook cell that does not parse; the file was left unchanged"
                outcome.findings, outcome.superseded = outcome.original_findings, outcome.original_superseded
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


def _home(analysis: Any, node: cst.CSTNode) -> Any:
    """The imported module (LocalModule) that holds a node; None for the checked file itself."""
    if analysis.facts is None:
        return None
    module = analysis.facts.module_of(node)
    return getattr(module, "source", None)


def _fix_foreign(foreign: dict, outcome: FixOutcome, write: Optional[Callable[[ForeignFix], None]]) -> bool:
    """Apply fixes to imported modules, one module (one file) at a time; True if a file was written."""
    wrote = False
    for path, (local, fixes) in sorted(foreign.items()):
        text = local.source.text
        new_text, done = apply_fixes_report(local.parsed.module, [f for _, f in fixes])
        if local.parsed.module.code != text:
            new_text = _keep_round_trip_losses(text, local.parsed.module.code, new_text)
        if new_text == text:
            continue
        try:
            parse_module(new_text)
        except ParseFailure:
            continue  # never write code that does not parse
        applied = {id(f) for f in done}
        record = outcome.foreign.get(path)
        if record is None:
            record = outcome.foreign[path] = ForeignFix(local.source, text, new_text)
        record.fixed = new_text
        record.applied.extend((code, fix.description) for code, fix in fixes if id(fix) in applied)
        if write is not None:
            try:
                write(record)
                record.written = True
                wrote = True
            except OSError as err:
                record.problem = f"fixes not written: {err.strerror or err}"
                record.applied.clear()
    return wrote


def _restore_masked(original: str, masked: str, fixed: str) -> Optional[str]:
    """Put back the lines the analysis blanked (cells that do not parse); None if a fix touched them."""
    o, m, f = original.split("\n"), masked.split("\n"), fixed.split("\n")
    if not len(o) == len(m) == len(f):
        return None
    if any(a != b and c != b for a, b, c in zip(o, m, f)):
        return None
    return "\n".join(a if a != b else c for a, b, c in zip(o, m, f))


_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")


def _lines(text: str) -> list[str]:
    """Lines with their ends, split where Python splits them (str.splitlines also splits at \\f)."""
    parts = _LINE_BREAK.split(text)
    out = [parts[i] + parts[i + 1] for i in range(0, len(parts) - 1, 2)]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _keep_round_trip_losses(original: str, round_trip: str, fixed: str) -> str:
    """libcst does not reproduce every byte (a form feed that starts a line before a statement, the
    last CR of a CR-only file): keep the original bytes wherever the fix changed nothing, and the
    lost prefix or suffix on the lines it changed."""
    o, r, f = _lines(original), _lines(round_trip), _lines(fixed)
    if len(o) != len(r):
        return fixed
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, r, f, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(o[i1:i2])
        elif tag == "replace" and i2 - i1 == j2 - j1:
            out.extend(_with_lost_bytes(o[i1 + k], r[i1 + k], f[j1 + k]) for k in range(i2 - i1))
        else:
            out.extend(f[j1:j2])
    return "".join(out)


def _with_lost_bytes(original: str, round_trip: str, fixed: str) -> str:
    if original == round_trip:
        return fixed
    if original.endswith(round_trip):
        return original[: len(original) - len(round_trip)] + fixed
    if original.startswith(round_trip) and not fixed.endswith(original[len(round_trip):]):
        return fixed + original[len(round_trip):]
    return fixed


def _with_text(source: SourceFile, text: str) -> SourceFile:
    return SourceFile(path=source.path, text=text, encoding=source.encoding, bom=source.bom, cells=source.cells,
                      notebook=source.notebook, notebook_cell_sources=source.notebook_cell_sources)


def unified_diff(outcome: FixOutcome, source: Optional[SourceFile] = None) -> str:
    """The fixes as a unified diff. A notebook's hunks are per cell, as nbQA shows them: the file is
    named `nb.ipynb:cell 3` and the line numbers are the cell's own (magics shown as they are)."""
    if source is not None and source.is_notebook:
        cells = changed_cells(source, outcome.fixed)
        if cells is not None:
            return "".join(_cell_diff(f"{outcome.path}:cell {index}", (source.notebook_cell_sources or {}).get(index, ""), text)
                           for index, text in sorted(cells.items()))
    lines = difflib.unified_diff(_lines(outcome.original), _lines(outcome.fixed), fromfile=outcome.path,
                                 tofile=outcome.path)
    out = "".join(lines)
    if out and not out.endswith("\n"):
        out += "\n"
    return out


def _cell_diff(name: str, old: str, new: str) -> str:
    """A cell's source has no final line break in Jupyter's files: every line gets one in the diff."""
    out = difflib.unified_diff([line + "\n" for line in old.split("\n")], [line + "\n" for line in new.split("\n")],
                               fromfile=name, tofile=name)
    return "".join(out)


def changed_cells(source: SourceFile, fixed_program: str) -> Optional[dict[int, str]]:
    """Cell index → the cell's new source, for the cells a fixed program changes (None if the fixes
    changed the number of lines: cells can then not be told apart). Lines the analysis masked (magics)
    are kept from the cell's own source."""
    if source.cells is None:
        return None
    new_lines = fixed_program.split("\n")
    old_lines = source.text.split("\n")
    if len(new_lines) != len(old_lines):
        return None
    changed: dict[int, str] = {}
    for span in source.cells:
        original = (source.notebook_cell_sources or {}).get(span.cell, "")
        orig_lines = original.split("\n")
        chunk_old = old_lines[span.first_line - 1: span.first_line - 1 + span.line_count]
        chunk_new = new_lines[span.first_line - 1: span.first_line - 1 + span.line_count]
        if chunk_old == chunk_new:
            continue
        merged = []
        for i, line in enumerate(orig_lines):
            if i < len(chunk_new) and i < len(chunk_old) and chunk_old[i] != chunk_new[i]:
                # the margin IPython removed (leading_indent) is put back on a changed line
                merged.append(span.margin_at(i + 1) + chunk_new[i] if chunk_new[i] else chunk_new[i])
            else:
                merged.append(line)
        changed[span.cell] = "\n".join(merged)
    return changed


def notebook_bytes(source: SourceFile, fixed_program: str, raw: Optional[bytes] = None) -> Optional[bytes]:
    """Write a fixed program back into the notebook's cells (None if cells changed line counts).

    With the notebook's own bytes (`raw`), only the JSON strings of the changed source lines are
    rewritten, in the file's style (escapes, line breaks, indentation, number spellings all kept);
    without them, or if the text cannot be mapped, the notebook is serialised as Jupyter does."""
    import json

    if source.notebook is None or source.cells is None:
        return None
    changed = changed_cells(source, fixed_program)
    if changed is None:
        return None
    if raw is not None:
        patched = _patch_notebook_text(raw, changed)
        if patched is not None:
            return patched
    nb = json.loads(json.dumps(source.notebook))
    for index, text in changed.items():
        cell = nb["cells"][index - 1]
        if isinstance(cell.get("source"), list):
            cell["source"] = text.splitlines(keepends=True)
        else:
            cell["source"] = text
    return (json.dumps(nb, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _patch_notebook_text(raw: bytes, changed: dict[int, str]) -> Optional[bytes]:
    """Replace, in the notebook's own text, the JSON strings of the changed cells' source lines."""
    import json

    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
        spans = _source_spans(text)
    except (ValueError, IndexError, RecursionError):
        return None
    ascii_only = not any(ord(c) > 127 for c in text) and "\\u" in text
    edits: list[tuple[int, int, str]] = []
    for index, new_text in changed.items():
        where = spans.get(index)
        if where is None:
            return None
        start, end, elements = where
        if elements is None:  # "source": "one string"
            edits.append((start, end, _json_string(new_text, text[start:end], ascii_only)))
            continue
        old_items = [json.loads(text[a:b]) for a, b in elements]
        new_items = _split_like_jupyter(new_text)
        if len(new_items) == len(old_items) and old_items == _split_like_jupyter("".join(old_items)):
            for (a, b), old, new in zip(elements, old_items, new_items):
                if old != new:
                    edits.append((a, b, _json_string(new, text[a:b], ascii_only)))
            continue
        # the lines were stored some other way: rewrite this cell's list, keeping its separators
        sep = text[elements[0][1]:elements[1][0]] if len(elements) > 1 else ", "
        body = sep.join(_json_string(item, "", ascii_only) for item in new_items)
        first, last = (elements[0][0], elements[-1][1]) if elements else (start + 1, start + 1)
        edits.append((first, last, body))
    for a, b, replacement in sorted(edits, reverse=True):
        text = text[:a] + replacement + text[b:]
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def _split_like_jupyter(text: str) -> list[str]:
    """A cell's text as Jupyter stores it: one string per line, each with its "\n"."""
    parts = text.split("\n")
    out = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _json_string(value: str, like: str, ascii_only: bool) -> str:
    """`value` as a JSON string literal written the way `like` (the literal it replaces) was."""
    import json

    if like:
        for option in (False, True):
            try:
                if json.dumps(json.loads(like), ensure_ascii=option) == like:
                    return json.dumps(value, ensure_ascii=option)
            except ValueError:
                break
    return json.dumps(value, ensure_ascii=ascii_only)


_WS = re.compile(r"[ \t\n\r]*")


def _source_spans(text: str) -> dict[int, tuple[int, int, Optional[list[tuple[int, int]]]]]:
    """Where each cell's "source" value is in the notebook text: cell number (1-based) → (start, end,
    the (start, end) of each string of a list, or None for one string). Raises ValueError."""
    from json.decoder import JSONDecoder, scanstring

    decoder = JSONDecoder()

    def ws(i: int) -> int:
        return _WS.match(text, i).end()  # type: ignore[union-attr]

    def members(i: int) -> Iterator[tuple[str, int]]:
        """The keys of the object at `i` and where each value starts; the caller skips the value
        and sends back where it ends."""
        if text[i] != "{":
            raise ValueError("not an object")
        i = ws(i + 1)
        if text[i] == "}":
            return
        while True:
            if text[i] != '"':
                raise ValueError("bad key")
            key, i = scanstring(text, i + 1)
            i = ws(i)
            if text[i] != ":":
                raise ValueError("no colon")
            end = yield key, ws(i + 1)
            i = ws(end)
            if text[i] == "}":
                return
            if text[i] != ",":
                raise ValueError("no comma")
            i = ws(i + 1)

    def items(i: int) -> list[tuple[int, int]]:
        if text[i] != "[":
            raise ValueError("not an array")
        out: list[tuple[int, int]] = []
        i = ws(i + 1)
        if text[i] == "]":
            return out
        while True:
            end = decoder.raw_decode(text, i)[1]
            out.append((i, end))
            i = ws(end)
            if text[i] == "]":
                return out
            if text[i] != ",":
                raise ValueError("no comma")
            i = ws(i + 1)

    spans: dict[int, tuple[int, int, Optional[list[tuple[int, int]]]]] = {}
    top = members(ws(0))
    try:
        key, at = next(top)
        while True:
            end = decoder.raw_decode(text, at)[1]
            if key == "cells":
                for number, (cell_start, _) in enumerate(items(at), start=1):
                    walk = members(cell_start)
                    try:
                        name, value_at = next(walk)
                        while True:
                            value_end = decoder.raw_decode(text, value_at)[1]
                            if name == "source":
                                inner = items(value_at) if text[value_at] == "[" else None
                                spans[number] = (value_at, value_end, inner)
                            name, value_at = walk.send(value_end)
                    except StopIteration:
                        pass
            key, at = top.send(end)
    except StopIteration:
        pass
    return spans


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP wait until the file is complete: they are delivered right after
    (no half-done replacement, no temporary file left behind). Only SIGKILL cannot wait."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_atomic(path: str, data: bytes) -> None:
    """Replace a file's content: through a symlink to its target (the link stays), keeping its
    mode and owner. A new file in the same folder, fsynced, then `os.replace`: readers see the old
    content or the new one. A file with several hard links, or whose owner this user cannot give
    the new file, is rewritten in place instead (after its new size is reserved), so every name
    keeps seeing the same file."""
    real = os.path.realpath(path)
    try:
        before: Optional[os.stat_result] = os.stat(real)
    except FileNotFoundError:
        before = None
    with _signals_deferred():
        if before is not None and before.st_nlink > 1:
            _write_in_place(real, data)
            return
        folder = os.path.dirname(real)
        fd, tmp = tempfile.mkstemp(prefix=".lossguard-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if before is not None:
                os.chmod(tmp, stat.S_IMODE(before.st_mode))
                made = os.stat(tmp)
                if (made.st_uid, made.st_gid) != (before.st_uid, before.st_gid):
                    try:
                        os.chown(tmp, before.st_uid, before.st_gid)
                    except PermissionError:  # the new file would change owner: write in place
                        os.unlink(tmp)
                        _write_in_place(real, data)
                        return
            os.replace(tmp, real)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise


def _write_in_place(path: str, data: bytes) -> None:
    with open(path, "r+b") as handle:
        size = os.fstat(handle.fileno()).st_size
        if len(data) > size and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(handle.fileno(), 0, len(data))  # a full disk fails here, before any byte changes
            except OSError as err:
                if err.errno not in (errno.EOPNOTSUPP, errno.EINVAL):  # the file system cannot reserve: write anyway
                    raise
        handle.write(data)
        handle.truncate(len(data))
        handle.flush()
        os.fsync(handle.fileno())


def fixed_bytes(source: SourceFile, outcome: FixOutcome, raw: Optional[bytes] = None) -> Optional[bytes]:
    if source.is_notebook:
        return notebook_bytes(source, outcome.fixed, raw)
    return encode_python(source, outcome.fixed)
