"""--fix / --diff: every fixable INVALID example in rules/ is fixed, minimally, idempotently, atomically."""

import difflib
import os

import pytest

from lossguard.fixing.apply import apply_fixes, fix_source
from lossguard.rules import load_rules
from lossguard.config.settings import Settings
from lossguard.sources.files import SourceFile
from lossguard.testing import check_code
from helpers import cli

FIXABLE = [(r, i, ex) for r in load_rules() if r.fixable for i, ex in enumerate(r.invalid)]


def fixable_findings(code, unsafe):
    return [f for f in check_code(code) if f.fix and (unsafe or f.fix.applicability == "safe")]


@pytest.mark.parametrize("rule,index,example", FIXABLE, ids=[f"{r.code}-{i}" for r, i, _ in FIXABLE])
def test_fix_removes_the_finding_minimally_and_idempotently(rule, index, example):
    before = [f for f in check_code(example.code) if f.rule == rule.code]
    fixable = [f for f in before if f.fix is not None]
    if not fixable:
        pytest.skip(f"{rule.code} example {index} has no automatic fix (documented in the rule)")
    outcome = fix_source(SourceFile("example.py", example.code), Settings(preview=True), unsafe=True)
    assert outcome.changed and outcome.problem is None
    compile(outcome.fixed, "fixed.py", "exec")  # re-parses
    after = [f for f in check_code(outcome.fixed) if f.rule == rule.code]
    assert len(after) < len(before), outcome.fixed
    # only the changed lines differ: everything else is byte-identical
    old_lines, new_lines = example.code.splitlines(keepends=True), outcome.fixed.splitlines(keepends=True)
    changed = [op for op in difflib.SequenceMatcher(None, old_lines, new_lines).get_opcodes() if op[0] != "equal"]
    assert changed and all(i2 - i1 <= 1 and j2 - j1 <= 1 or op == "delete" for op, i1, i2, j1, j2 in changed)
    # applying the fixes again changes nothing
    again = fix_source(SourceFile("example.py", outcome.fixed), Settings(preview=True), unsafe=True)
    assert again.fixed == outcome.fixed


def test_safe_and_unsafe_counts():
    rules = load_rules()
    counts = {kind: sorted(r.code for r in rules if r.fixable == kind) for kind in ("safe", "unsafe", "sometimes")}
    assert counts["safe"] == ["LG102", "LG201", "LG202"]
    assert counts["unsafe"] == ["LG101", "LG103", "LG107"]  # LG401: renaming a metric breaks what reads it
    assert counts["sometimes"] == ["LG104", "LG105", "LG106"]


SAFE_AND_UNSAFE = '''\
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 4)

    def forward(self, x):
        return torch.softmax(self.fc(x), dim=1)


model = Net()
criterion = nn.CrossEntropyLoss()
head = nn.Sequential(nn.Linear(16, 1))
bce = nn.BCELoss()
x = torch.randn(8, 16)
loss = criterion(model(x), torch.randint(0, 4, (8,))) + bce(head(x), torch.ones(8, 1))
'''


def test_cli_fix_diff_and_unsafe(tmp_path):
    path = tmp_path / "train.py"
    path.write_text(SAFE_AND_UNSAFE)
    diff = cli("check", "--diff", str(path))
    assert diff.code == 1
    assert "-bce = nn.BCELoss()" in diff.out and "+bce = nn.BCEWithLogitsLoss()" in diff.out
    assert "torch.softmax" not in diff.out  # unsafe fixes are not shown without --unsafe-fixes
    assert path.read_text() == SAFE_AND_UNSAFE  # --diff writes nothing
    run = cli("check", "--fix", str(path))
    assert run.code == 1  # the unsafe finding remains: a fix run never exits 0 with findings left
    assert "nn.BCEWithLogitsLoss()" in path.read_text() and "LG104" in run.out
    run = cli("check", "--fix", "--unsafe-fixes", str(path))
    assert run.code == 0
    assert "return self.fc(x)" in path.read_text()
    assert cli("check", "--no-cache", str(path)).code == 0


def test_fix_keeps_encoding_bom_and_mode(tmp_path):
    path = tmp_path / "legacy.py"
    body = "# -*- coding: latin-1 -*-\n# caf\xe9\nimport torch\nbce = torch.nn.BCELoss()\nhead = torch.nn.Linear(3, 1)\nloss = bce(head(torch.ones(2, 3)), torch.ones(2, 1))\n"
    path.write_bytes(body.encode("latin-1"))
    os.chmod(path, 0o754)
    assert cli("check", "--fix", str(path)).code == 0
    data = path.read_bytes()
    assert b"caf\xe9" in data and b"BCEWithLogitsLoss" in data
    assert os.stat(path).st_mode & 0o777 == 0o754
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_a_fix_that_would_not_parse_leaves_the_file_untouched(tmp_path, monkeypatch):
    import lossguard.fixing.apply as fixer

    path = tmp_path / "train.py"
    path.write_text(SAFE_AND_UNSAFE)
    monkeypatch.setattr(fixer, "apply_fixes_report", lambda module, fixes, **kw: (module.code + "\ndef broken(:\n", list(fixes)))
    run = cli("check", "--fix", str(path))
    assert run.code == 2 and "does not parse" in run.err
    assert path.read_text() == SAFE_AND_UNSAFE


def test_fix_in_a_notebook_keeps_magics(tmp_path):
    import json

    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["%matplotlib inline\n", "import torch\n", "bce = torch.nn.BCELoss()\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["!ls\n", "head = torch.nn.Linear(3, 1)\n", "loss = bce(head(torch.ones(2, 3)), torch.ones(2, 1))"]}]}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    assert cli("check", "--fix", str(path)).code == 0
    cells = json.loads(path.read_text())["cells"]
    assert "".join(cells[0]["source"]) == "%matplotlib inline\nimport torch\nbce = torch.nn.BCEWithLogitsLoss()\n"
    assert cells[1]["source"][0] == "!ls\n"


def test_apply_fixes_with_no_fixes_returns_the_code():
    import libcst as cst

    module = cst.parse_module("x = 1\n")
    assert apply_fixes(module, []) == "x = 1\n"
