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
from typing import Iterable, Iterator, Optional

import libcst as cst
from libcst._position import CodePosition, CodeRange
from libcst.metadata.position_provider import PositionProvidingCodegenState


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


def compute_ranges(module: cst.Module, nodes: Iterable[cst.CSTNode], tops: Optional[dict[int, int]] = None,
                   tree: Optional[ast.Module] = None) -> dict[int, CodeRange]:
    """id(node) → CodeRange (1-based lines, 0-based columns) for the given nodes of `module`."""
    wanted = {id(n) for n in nodes}
    if not wanted:
        return {}
    found: dict[int, CodeRange] = {}
    if tops and tree is not None:
        by_statement: dict[int, set[int]] = {}
        for key in wanted:
            index = tops.get(key)
            if index is not None and 0 <= index < len(module.body):
                by_statement.setdefault(index, set()).add(key)
        if by_statement:
            starts = statement_lines(module, tree)
            if starts is not None:
                for index, keys in sorted(by_statement.items()):
                    found.update(_generate(module, module.body[index], keys, starts[index]))
    missing = wanted - set(found)
    if missing:
        found.update(_generate(module, module, missing, 1))
    return found


def _generate(module: cst.Module, root: cst.CSTNode, wanted: set[int], first_line: int) -> dict[int, CodeRange]:
    collector = _Collector(set(wanted))
    state = _State(default_indent=module.default_indent, default_newline=module.default_newline,
                   provider=collector)
    state.line = first_line
    try:
        root._codegen(state)
    except _Done:
        pass
    return collector.found


def statement_lines(module: cst.Module, tree: ast.Module) -> Optional[list[int]]:
    """The line where the code generation of each module-level statement starts (its leading
    blank/comment lines included), from CPython's tree; None if the two parsers disagree."""
    body = tree.body
    position = 0
    starts: list[int] = []
    for statement in module.body:
        count = len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        if position + count > len(body):
            return None
        first = body[position]
        line = first.lineno
        decorators = getattr(first, "decorator_list", None)
        if decorators:
            line = min(line, min(d.lineno for d in decorators) )
        leading = len(statement.leading_lines)
        if decorators and isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and statement.decorators:
            leading += sum(len(d.leading_lines) for d in statement.decorators[:1])
        starts.append(line - leading)
        position += count
    if position != len(body):
        return None
    return starts
