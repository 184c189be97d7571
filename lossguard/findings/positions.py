"""Positions only for the nodes that end up in a finding.

LibCST's PositionProvider computes a range for every node of a module (and MetadataWrapper
deep-copies the tree first): measured, that costs more than the parse itself. We only need the
handful of nodes that end up in findings, so:

1. CPython's C parser (`ast`, ~12x faster than libcst) gives the first line of every module-level
   statement;
2. the interpreter noted which module-level statement each reported node sits in;
3. the position-tracking code generator then runs over *that statement only*, starting at its line,
   and stops as soon as the nodes asked for have been generated.

Anything that does not fit (no statement index, code `ast` cannot parse) falls back to running the
tracking generator from the top of the module, still stopping early.
"""

from __future__ import annotations

import ast
from contextlib import contextmanager
from typing import Iterable, Iterator, Optional, Sequence

import libcst as cst
from libcst._position import CodePosition, CodeRange
from libcst.metadata.position_provider import PositionProvidingCodegenState

from lossguard.sources.files import split_lines


class _Done(Exception):
    pass


class _Collector:
    """Stands in for the metadata provider the codegen state writes into."""

    def __init__(self, wanted: set[int]):
        self._computed: dict = {}
        self.wanted = wanted
        self.found: dict[int, CodeRange] = {}


class _State(PositionProvidingCodegenState):
    @contextmanager
    def record_syntactic_position(self, node: cst.CSTNode, *, start_node: Optional[cst.CSTNode] = None,
                                  end_node: Optional[cst.CSTNode] = None) -> Iterator[None]:
        # Same as libcst's, but an early stop (_Done) unwinds without recording anything.
        start = CodePosition(self.line, self.column)
        yield
        end = CodePosition(self.line, self.column)
        computed = self.provider._computed  # type: ignore[attr-defined]
        if start_node is not None:
            start = computed[start_node].start
        if end_node is not None:
            end = computed[end_node].end
        computed[node] = CodeRange(start, end)

    def after_codegen(self, node: cst.CSTNode) -> None:  # type: ignore[override]
        super().after_codegen(node)
        collector: _Collector = self.provider  # type: ignore[assignment]
        key = id(node)
        if key in collector.wanted and key not in collector.found:
            collector.found[key] = collector._computed[node]
            if len(collector.found) == len(collector.wanted):
                raise _Done


def compute_ranges(module: cst.Module, nodes: Iterable[cst.CSTNode],
                   statement_of: Optional[dict[int, cst.CSTNode]] = None, tree: Optional[ast.Module] = None,
                   text: Optional[str] = None) -> dict[int, CodeRange]:
    """id(node) → CodeRange (1-based lines, 0-based columns) for the given nodes of `module`.

    `statement_of` maps a node to the innermost statement that contains it (the interpreter
    records it); with CPython's `tree` and the `text`, only that statement is generated.
    """
    wanted = {id(n) for n in nodes}
    if not wanted:
        return {}
    found: dict[int, CodeRange] = {}
    if statement_of and tree is not None and text is not None:
        by_statement: dict[int, tuple[cst.CSTNode, dict[int, cst.CSTNode]]] = {}
        for node in nodes:
            statement = statement_of.get(id(node))
            if statement is not None:
                by_statement.setdefault(id(statement), (statement, {}))[1][id(node)] = node
        if by_statement:
            starts = statement_starts(module, tree)
            lines = split_lines(text) if starts else []
            for statement, members in by_statement.values():
                where = starts.get(id(statement)) if starts else None
                if where is None:
                    continue
                line, column = where
                span = starts_end(starts, statement, lines)
                # 1. the node's own code, found once in its statement's lines: no generation at all
                pending = {}
                for key, node in members.items():
                    hit = _find_once(module, node, lines, line, span)
                    if hit is not None:
                        found[key] = hit
                    else:
                        pending[key] = node
                if not pending:
                    continue
                # 2. otherwise generate that statement only, from its first line and indentation
                indent = lines[line + len(_leading(statement)) - 1][:column] if column else ""
                if indent.strip():
                    continue  # not pure indentation: let the full generation handle it
                found.update(_generate(module, statement, set(pending), line, indent))
    missing = wanted - set(found)
    if missing:
        found.update(_generate(module, module, missing, 1, ""))
    return found


def starts_end(starts: dict[int, tuple[int, int]], statement: cst.CSTNode, lines: list[str]) -> int:
    """The last line a statement can occupy (its recorded end, or the end of the file)."""
    return starts.get(("end", id(statement)), (len(lines), 0))[0]  # type: ignore[call-overload]


def _find_once(module: cst.Module, node: cst.CSTNode, lines: list[str], first: int, last: int) -> Optional[CodeRange]:
    if getattr(node, "lpar", None):
        return None  # the code includes parentheses the syntactic position leaves out
    try:
        code = module.code_for_node(node)
    except Exception:
        return None
    if len(code) < 3:
        return None  # too short to be unambiguous
    region = "\n".join(lines[first - 1:last])
    offset = region.find(code)
    if offset < 0 or region.find(code, offset + 1) >= 0:
        return None
    before = region[:offset]
    start_line = first + before.count("\n")
    start_column = offset - (before.rfind("\n") + 1)
    end_line = start_line + code.count("\n")
    end_column = (start_column + len(code)) if "\n" not in code else len(code) - code.rfind("\n") - 1
    return CodeRange(CodePosition(start_line, start_column), CodePosition(end_line, end_column))


def _generate(module: cst.Module, root: cst.CSTNode, wanted: set[int], first_line: int,
              indent: str) -> dict[int, CodeRange]:
    collector = _Collector(set(wanted))
    state = _State(default_indent=module.default_indent, default_newline=module.default_newline,
                   provider=collector)
    state.line = first_line
    if indent:
        state.indent_tokens = [indent]
    try:
        root._codegen(state)
    except _Done:
        pass
    return collector.found


def _leading(statement: cst.CSTNode) -> list:
    lines = list(getattr(statement, "leading_lines", ()))
    decorators = getattr(statement, "decorators", ())
    if decorators:
        lines += list(decorators[0].leading_lines)
    return lines


def statement_starts(module: cst.Module, tree: ast.Module) -> Optional[dict[int, tuple[int, int]]]:
    """id(statement) → (line where its code generation starts, indentation width) for every
    statement of the module, nested ones included, aligned with CPython's tree. None if the two
    parsers disagree somewhere."""
    out: dict[int, tuple[int, int]] = {}
    if not _align(module.body, tree.body, out):
        return None
    return out


def _first_position(node: ast.stmt) -> tuple[int, int]:
    decorators = getattr(node, "decorator_list", None)
    if decorators:
        first = min(decorators, key=lambda d: (d.lineno, d.col_offset))
        return first.lineno, max(first.col_offset - 1, 0)  # the "@" precedes the expression
    return node.lineno, node.col_offset


def _align(statements: Sequence[cst.CSTNode], nodes: Sequence[ast.stmt], out: dict[int, tuple[int, int]]) -> bool:
    position = 0
    for statement in statements:
        count = len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        if position + count > len(nodes):
            return False
        first = nodes[position]
        line, column = _first_position(first)
        out[id(statement)] = (line - len(_leading(statement)), column)
        last = nodes[position + count - 1]
        out[("end", id(statement))] = (getattr(last, "end_lineno", None) or last.lineno, 0)  # type: ignore[index]
        if not isinstance(statement, cst.SimpleStatementLine) and not _align_children(statement, first, out):
            return False
        position += count
    return position == len(nodes)


def _block(body: cst.CSTNode) -> Sequence[cst.CSTNode]:
    if isinstance(body, cst.IndentedBlock):
        return body.body
    return ()  # a one-line suite (`if x: y = 1`) holds small statements, not statement lines


def _align_children(statement: cst.CSTNode, node: ast.stmt, out: dict[int, tuple[int, int]]) -> bool:
    pairs: list[tuple[cst.CSTNode, list]] = []
    body = getattr(statement, "body", None)
    if isinstance(body, cst.IndentedBlock):
        pairs.append((body, getattr(node, "body", [])))
    if isinstance(statement, cst.If) and isinstance(statement.orelse, cst.Else) and isinstance(statement.orelse.body, cst.IndentedBlock):
        pairs.append((statement.orelse.body, node.orelse))  # type: ignore[attr-defined]
    elif isinstance(statement, cst.If) and isinstance(statement.orelse, cst.If):
        inner = node.orelse[0] if getattr(node, "orelse", None) else None  # type: ignore[attr-defined]
        if not isinstance(inner, ast.If) or not _align_children(statement.orelse, inner, out):
            return False
    elif isinstance(statement, (cst.For, cst.While)) and statement.orelse is not None:
        if isinstance(statement.orelse.body, cst.IndentedBlock):
            pairs.append((statement.orelse.body, node.orelse))  # type: ignore[attr-defined]
    if isinstance(statement, (cst.Try, getattr(cst, "TryStar", cst.Try))):
        for handler, ast_handler in zip(statement.handlers, getattr(node, "handlers", [])):
            if isinstance(handler.body, cst.IndentedBlock):
                pairs.append((handler.body, ast_handler.body))
        if statement.orelse is not None and isinstance(statement.orelse.body, cst.IndentedBlock):
            pairs.append((statement.orelse.body, node.orelse))  # type: ignore[attr-defined]
        if statement.finalbody is not None and isinstance(statement.finalbody.body, cst.IndentedBlock):
            pairs.append((statement.finalbody.body, node.finalbody))  # type: ignore[attr-defined]
    if isinstance(statement, cst.Match):
        return True  # case blocks are not aligned: statements inside fall back to the full generation
    for block, ast_body in pairs:
        if not _align(block.body, ast_body, out):
            return False
    return True
