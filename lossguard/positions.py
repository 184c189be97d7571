"""Positions only for the nodes that end up in a finding.

LibCST's PositionProvider computes a range for every node of a module (and MetadataWrapper
deep-copies the tree first), which doubles the cost of a parse. Findings are rare, so we run the
position-tracking code generator once per file *with findings*, keep only the nodes asked for and
stop as soon as the last of them has been generated.
"""

from __future__ import annotations

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


def compute_ranges(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict[int, CodeRange]:
    """id(node) → CodeRange (1-based lines, 0-based columns) for the given nodes of `module`."""
    wanted = {id(n) for n in nodes}
    if not wanted:
        return {}
    collector = _Collector(wanted)
    state = _State(default_indent=module.default_indent, default_newline=module.default_newline,
                   provider=collector)
    try:
        module._codegen(state)
    except _Done:
        pass
    return collector.found
