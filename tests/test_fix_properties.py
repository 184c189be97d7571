"""`--fix` never loses data: properties over mutated fixable examples, and injected write failures.

- the fixer never raises on odd input, and what it returns re-parses (or is the input, untouched);
- fixing is idempotent: fixing the fixed text changes nothing;
- a fix whose result would not parse writes nothing;
- the atomic write leaves either the old file or the new one, never a partial file and never a
  temporary file, whatever fails (the write itself midway, fsync, chmod, os.replace, an interrupt).
The example-based guarantees (each rule example fixed minimally, encodings, notebooks) are in
tests/test_fix.py.
"""

from __future__ import annotations

import errno
import os
import stat

import pytest
from hypothesis import assume, example, given, strategies as st

import lossguard.fixing.apply as fixer
from fuzzing import fixable_examples, fuzz_settings, mutated
from helpers import cli
from lossguard.fixing.apply import fix_source, write_atomic
from lossguard.sources.parsing import ParseFailure, parse_module
from lossguard.config.settings import Settings
from lossguard.sources.files import SourceFile

SETTINGS = Settings(preview=True)


def parses(text: str) -> bool:
    try:
        parse_module(text)
        return True
    except ParseFailure:
        return False


# ----------------------------------------------------------------------------- the fixer
@given(mutated(seeds=fixable_examples(), max_mutations=2), st.booleans())
@fuzz_settings(60)
def test_fix_is_idempotent_and_the_result_parses(code, unsafe):
    outcome = fix_source(SourceFile("example.py", code), SETTINGS, unsafe=unsafe)
    assert outcome.original == code
    if outcome.problem is not None:
        assert outcome.fixed == code  # a failed fix leaves the text as it was
        return
    if outcome.changed:
        assert parses(outcome.fixed), outcome.fixed
        assert outcome.applied
        if not unsafe:
            assert all(code_ in {"LG102", "LG201", "LG202", "LG104", "LG105", "LG106"} for code_, _ in outcome.applied)
    again = fix_source(SourceFile("example.py", outcome.fixed), SETTINGS, unsafe=unsafe)
    assert again.fixed == outcome.fixed, (code, outcome.fixed, again.fixed)
    assert not again.applied


@given(st.sampled_from(fixable_examples()), st.sampled_from(["\ndef broken(:\n", "\n)", "\n    x = (", "\x00"]))
@fuzz_settings(20)
def test_a_fix_that_would_not_parse_is_never_applied(code, junk):
    original_apply = fixer.apply_fixes_report

    def broken_apply(module, fixes, **kw):
        code, done = original_apply(module, fixes, **kw)
        return code + junk, done

    fixer.apply_fixes_report = broken_apply
    try:
        outcome = fix_source(SourceFile("example.py", code), SETTINGS, unsafe=True)
    finally:
        fixer.apply_fixes_report = original_apply
    assert outcome.fixed == code
    if outcome.applied or outcome.problem:
        assert outcome.problem and "does not parse" in outcome.problem


def test_cli_never_writes_a_fix_that_would_not_parse(tmp_path, monkeypatch):
    code = next(c for c in fixable_examples() if fix_source(SourceFile("e.py", c), SETTINGS, unsafe=False).changed)
    path = tmp_path / "train.py"
    path.write_text(code)
    before = path.read_bytes()
    monkeypatch.setattr(fixer, "apply_fixes_report", lambda module, fixes, **kw: (module.code + "\nx = (\n", list(fixes)))
    run = cli("check", "--fix", "--no-cache", str(path))
    assert run.code == 2 and "does not parse" in run.err
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["train.py"]


# ----------------------------------------------------------------------------- the atomic write
def leftovers(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name != "target.py")


class Boom(OSError):
    def __init__(self):
        super().__init__(errno.ENOSPC, "No space left on device")


class _FailingHandle:
    """A file object that writes `limit` bytes and then fails (disk full midway)."""

    def __init__(self, real, limit: int, error: BaseException):
        self.real, self.limit, self.error = real, limit, error

    def write(self, data: bytes) -> int:
        self.real.write(data[: self.limit])
        self.real.flush()
        raise self.error

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()
        return False


@given(old=st.binary(max_size=2000), new=st.binary(max_size=2000),
       where=st.sampled_from(["write", "fsync", "chmod", "replace", "interrupt", None]),
       cut=st.integers(0, 2000), mode=st.sampled_from([0o644, 0o600, 0o755]))
@example(old=b"import torch\n", new=b"import torch\nfixed = 1\n", where="write", cut=5, mode=0o644)
@fuzz_settings(80)
def test_atomic_write_leaves_old_or_new_never_partial(tmp_path_factory, old, new, where, cut, mode):
    folder = tmp_path_factory.mktemp("atomic")
    target = folder / "target.py"
    target.write_bytes(old)
    os.chmod(target, mode)
    error: BaseException = KeyboardInterrupt() if where == "interrupt" else Boom()
    saved = {name: getattr(os, name) for name in ("fdopen", "fsync", "chmod", "replace")}

    def fdopen(fd, *args, **kwargs):
        real = saved["fdopen"](fd, *args, **kwargs)
        return _FailingHandle(real, cut, error) if where in ("write", "interrupt") else real

    def failing(name):
        def fail(*args, **kwargs):
            raise error
        return fail

    os.fdopen = fdopen  # type: ignore[assignment]
    if where in ("fsync", "chmod", "replace"):
        setattr(os, where, failing(where))
    try:
        try:
            write_atomic(str(target), new)
            raised = None
        except BaseException as err:  # noqa: B036 - KeyboardInterrupt is part of the property
            raised = err
    finally:
        for name, value in saved.items():
            setattr(os, name, value)
    data = target.read_bytes()
    if where is None:
        assert raised is None and data == new
    else:
        assert raised is error
        assert data == old  # never partial: the original is untouched
    assert stat.S_IMODE(os.stat(target).st_mode) == mode  # the mode survives a replacement
    assert leftovers(folder) == []  # no temporary file left behind


def test_cli_fix_when_the_write_fails_is_one_line_and_leaves_the_file(tmp_path, monkeypatch):
    """Repro of a crash: an OSError from the atomic write (disk full, read-only folder) was a traceback."""
    code = next(c for c in fixable_examples() if fix_source(SourceFile("e.py", c), SETTINGS, unsafe=False).changed)
    path = tmp_path / "train.py"
    path.write_text(code)

    def full(*args, **kwargs):
        raise Boom()

    monkeypatch.setattr(os, "replace", full)
    run = cli("check", "--fix", "--no-cache", str(path))
    assert run.code == 2, run.err
    errors = [line for line in run.err.splitlines() if "train.py" in line]
    assert len(errors) == 1 and "No space left on device" in errors[0], run.err
    assert "Traceback" not in run.err
    assert path.read_text() == code
    assert sorted(os.listdir(tmp_path)) == ["train.py"]


@pytest.mark.parametrize("terms", [3000, 4000])
def test_cli_fix_on_a_long_boolean_chain_does_not_crash(tmp_path, terms):
    """Repro of a crash: `check` handled the deep tree of a long `and` chain, `--fix` raised RecursionError."""
    path = tmp_path / "long.py"
    code = "import torch\ny = " + " and ".join(["x"] * terms) + "\nbce = torch.nn.BCELoss()\n"
    path.write_text(code)
    run = cli("check", "--fix", "--no-cache", str(path))
    assert "Traceback" not in run.err
    assert run.code in (0, 1, 2)
    assert path.read_text() == code or parses(path.read_text())


# ----------------------------------------------------------------------------- notebooks
@st.composite
def fixable_notebooks(draw) -> tuple[dict, list[str]]:
    """A fixable example cut into code cells, with magics, markdown, outputs and metadata around."""
    code = draw(st.sampled_from(fixable_examples()))
    lines = code.rstrip("\n").split("\n")
    cuts = sorted(set(draw(st.lists(st.integers(1, max(len(lines) - 1, 1)), max_size=3))))
    chunks, start = [], 0
    for cut in [*cuts, len(lines)]:
        if cut > start:
            chunks.append(lines[start:cut])
            start = cut
    cells, magics = [], []
    for i, chunk in enumerate(chunks):
        if draw(st.booleans()):
            magic = draw(st.sampled_from(["%matplotlib inline", "!nvidia-smi", "%load_ext autoreload"]))
            chunk = [magic, *chunk]
            magics.append(magic)
        text = "\n".join(chunk)
        source = text.splitlines(keepends=True) if draw(st.booleans()) else text
        cells.append({"cell_type": "code", "execution_count": i + 1, "metadata": {"tags": [f"t{i}"]},
                      "outputs": [{"output_type": "stream", "name": "stdout", "text": [f"out {i}\n"]}],
                      "source": source})
        if draw(st.booleans()):
            cells.append({"cell_type": "markdown", "metadata": {}, "source": [f"## step {i}\n", "text"]})
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3"}}, "cells": cells}
    return nb, magics


@given(fixable_notebooks(), st.booleans())
@fuzz_settings(40)
def test_notebook_fix_keeps_everything_but_the_fixed_code(case, unsafe):
    import json

    from lossguard.fixing.apply import fixed_bytes
    from lossguard.sources.notebook import read_notebook

    nb, magics = case
    data = json.dumps(nb).encode()
    source = read_notebook("nb.ipynb", data)
    outcome = fix_source(source, SETTINGS, unsafe=unsafe)
    if not outcome.changed:
        return
    out = fixed_bytes(source, outcome)
    if out is None:  # the fixes changed line counts: documented, nothing is written
        return
    new = json.loads(out)
    assert new["metadata"] == nb["metadata"] and len(new["cells"]) == len(nb["cells"])
    for old_cell, new_cell in zip(nb["cells"], new["cells"]):
        assert {k: v for k, v in old_cell.items() if k != "source"} == {k: v for k, v in new_cell.items() if k != "source"}
        if old_cell["cell_type"] != "code":
            assert new_cell["source"] == old_cell["source"]
        assert type(new_cell["source"]) is type(old_cell["source"])
    text = "".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in new["cells"])
    assert all(magic in text for magic in magics)
    again = fix_source(read_notebook("nb.ipynb", out), SETTINGS, unsafe=unsafe)
    assert not again.changed  # idempotent on the notebook too


def test_fix_never_erases_a_notebook_cell_that_does_not_parse(tmp_path):
    """Repro of a data loss: a cell that does not parse is blanked for the analysis, and --fix wrote the
    blanked lines back into it (the user's unfinished cell was erased, and "All checks passed!")."""
    import json

    unfinished = ["# my unfinished work\n", "results = {'a': 1,\n", "           'b': 2\n"]
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["import torch\n", "bce = torch.nn.BCELoss()\n", "head = torch.nn.Linear(3, 1)\n",
                    "loss = bce(head(torch.ones(2, 3)), torch.ones(2, 1))\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": unfinished}]}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    run = cli("check", "--fix", "--no-cache", "--isolated", str(path))
    cells = json.loads(path.read_text())["cells"]
    assert cells[1]["source"] == unfinished  # the broken cell is kept as it was
    assert "".join(cells[0]["source"]).count("BCEWithLogitsLoss") == 1  # the other cell is still fixed
    assert run.code == 1 and "LG000" in run.out  # and the broken cell is still reported
