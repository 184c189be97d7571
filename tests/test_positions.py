"""Positions from the fast paths (text search in the node's statement, or generating that statement
only) equal libcst's full position-tracking code generation, node for node."""

import ast

import libcst as cst
import pytest

from lossguard.findings.positions import _generate, compute_ranges
from helpers import ROOT

FILES = sorted((ROOT / "tests" / "corpus" / "cases").glob("*.py")) + sorted((ROOT / "lossguard").rglob("*.py"))


class _Innermost(cst.CSTVisitor):
    """Records, for every Call / Name / string, the innermost statement (elif belongs to its if)."""

    def __init__(self):
        self.stack, self.pushed, self.elifs = [], set(), set()
        self.nodes, self.statement_of = [], {}

    def on_visit(self, node):
        if isinstance(node, cst.If) and isinstance(node.orelse, cst.If):
            self.elifs.add(id(node.orelse))
        if isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)) and id(node) not in self.elifs:
            self.stack.append(node)
            self.pushed.add(id(node))
        if isinstance(node, (cst.Call, cst.Name, cst.SimpleString)) and self.stack:
            self.nodes.append(node)
            self.statement_of[id(node)] = self.stack[-1]
        return True

    def on_leave(self, node):
        if id(node) in self.pushed:
            self.stack.pop()


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_fast_positions_equal_full_generation(path):
    text = path.read_text()
    module = cst.parse_module(text)
    visitor = _Innermost()
    module.visit(visitor)
    full = _generate(module, module, {id(n) for n in visitor.nodes}, 1, "")
    fast = compute_ranges(module, visitor.nodes, visitor.statement_of, ast.parse(text), text)
    assert visitor.nodes
    mismatches = [(type(n).__name__, full[id(n)], fast.get(id(n))) for n in visitor.nodes if full[id(n)] != fast.get(id(n))]
    assert mismatches == []
