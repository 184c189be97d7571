"""Hostile input, round 2 (issue 11, items 6-10, 12-14): one line on stderr and exit 2 (or an LG000
finding), never a traceback, a hang or a runaway resource.

- the result cache: valid JSON of the wrong shape, deep nesting, garbage, a folder in its place;
- internal errors in every stage (read, parse, analyse, report, write) of `check`, `--fix` and
  `--diff`: a fault is injected into the real CLI, run as a subprocess;
- `-o` into a missing or read-only folder, wrong types in `[tool.lossguard]`, a pyproject nested
  5,000 deep, a malformed or unreadable pyproject with `[tool.lossguard]`, stdin closed;
- a FIFO given explicitly; a 1,000-deep class hierarchy; integer arithmetic that explodes;
- stdin without end (`< /dev/zero`); `from __future__` imports CPython refuses; `utf-8-sig` cookies.
"""

from __future__ import annotations

import glob
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time

import pytest

from helpers import BAD_KERAS, ROOT, cli, cli_subprocess

FIXABLE = '''\
import torch
bce = torch.nn.BCELoss()
head = torch.nn.Linear(3, 1)
loss = bce(head(torch.ones(2, 3)), torch.ones(2, 1))
'''


def one_line(run, fragment):
    out, err = (run.out, run.err) if hasattr(run, "out") else (run.stdout, run.stderr)
    assert "Traceback" not in err and "Traceback" not in out, err
    lines = [line for line in err.splitlines() if fragment in line]
    assert len(lines) == 1, err
    return lines[0]


# ----------------------------------------------------------------------------- item 6: the cache
CORRUPTIONS = {
    "entries is a list": lambda good: {"version": good["version"], "entries": []},
    "null": lambda good: None,
    "a number": lambda good: 7,
    "no entries": lambda good: {"version": good["version"]},
    "entry is a number": lambda good: {"version": good["version"], "entries": {k: 1 for k in good["entries"]}},
    "entry without findings": lambda good: {"version": good["version"], "entries": {
        k: {key: v for key, v in e.items() if key != "findings"} for k, e in good["entries"].items()}},
    "findings of the wrong type": lambda good: {"version": good["version"], "entries": {
        k: dict(e, findings=[1, "x", None]) for k, e in good["entries"].items()}},
    "finding fields of the wrong type": lambda good: {"version": good["version"], "entries": {
        k: dict(e, findings=[dict(f, line="three", related=5, fix=[]) for f in e["findings"]])
        for k, e in good["entries"].items()}},
    "problems of the wrong type": lambda good: {"version": good["version"], "entries": {
        k: dict(e, problems="none", path=None) for k, e in good["entries"].items()}},
    "deps of the wrong type": lambda good: {"version": good["version"], "entries": {
        k: dict(e, deps={"files": 3}) for k, e in good["entries"].items()}},
    # well-formed damage: every field still has its type, only the seal tells (found by the fuzzer)
    "findings emptied": lambda good: {"version": good["version"], "entries": {
        k: dict(e, findings=[]) for k, e in good["entries"].items()}},
    "a line number changed": lambda good: {"version": good["version"], "entries": {
        k: dict(e, findings=[dict(f, line=f["line"] + 1) for f in e["findings"]]) for k, e in good["entries"].items()}},
    "seal removed": lambda good: {"version": good["version"], "entries": {
        k: {key: v for key, v in e.items() if key != "seal"} for k, e in good["entries"].items()}},
}


def _cache_files(folder):
    return glob.glob(os.path.join(folder, ".lossguard_cache", "results-*.json"))


@pytest.mark.parametrize("name", [*CORRUPTIONS, "nested 100,000 deep", "not JSON", "not UTF-8", "a folder"])
def test_a_corrupt_cache_is_discarded_not_a_crash(tmp_path, name):
    (tmp_path / "bad.py").write_text(BAD_KERAS)
    (tmp_path / "fixable.py").write_text(FIXABLE)
    clean = cli_subprocess("check", "--isolated", "--format", "json", ".", cwd=tmp_path)
    assert clean.code == 1
    [path] = _cache_files(tmp_path)
    with open(path, encoding="utf-8") as handle:
        good = json.load(handle)
    if name in CORRUPTIONS:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(CORRUPTIONS[name](good), handle)
    elif name == "nested 100,000 deep":
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("[" * 100_000 + "]" * 100_000)
    elif name == "not JSON":
        with open(path, "w", encoding="utf-8") as handle:
            handle.write('{"version": ')
    elif name == "not UTF-8":
        with open(path, "wb") as handle:
            handle.write(b'{"version": "\xff\xfe"}')
    else:
        os.unlink(path)
        os.mkdir(path)
    for _ in range(2):  # this run, and every later one
        again = cli_subprocess("check", "--isolated", "--format", "json", ".", cwd=tmp_path)
        assert (again.code, again.json()) == (clean.code, clean.json()), again.err
        assert "Traceback" not in again.err and again.err == ""


# ----------------------------------------------------------------------------- items 7-8: internal errors anywhere
_FAULT = r"""
import importlib, sys
target, args = sys.argv[1], sys.argv[2:]
parts = target.split(".")
for cut in range(len(parts) - 1, 0, -1):
    try:
        owner = importlib.import_module(".".join(parts[:cut]))
        break
    except ImportError:
        continue
for part in parts[cut:-1]:
    owner = getattr(owner, part)
def fault(*a, **k):
    raise RuntimeError("injected fault")
setattr(owner, parts[-1], fault)
sys.argv = ["lossguard", *args]
from lossguard.cli.commands import main
main()
"""
STAGES = {  # where each mode reads, parses, analyses, reports and writes
    "check": {"read": "lossguard.checker.parallel.read_bytes", "parse": "lossguard.sources.parsing.parse",
              "analyse": "lossguard.facts.extract_facts", "report": "lossguard.reporting.text.report",
              "write": "lossguard.reporting.write_output", "cache": "lossguard.checker.cache.Cache.save"},
    "--fix": {"read": "lossguard.fixing.run.read_bytes", "parse": "lossguard.sources.parsing.parse",
              "analyse": "lossguard.facts.extract_facts", "report": "lossguard.reporting.text.report",
              "write": "lossguard.fixing.apply.write_atomic"},
    "--diff": {"read": "lossguard.fixing.run.read_bytes", "parse": "lossguard.sources.parsing.parse",
               "analyse": "lossguard.facts.extract_facts", "report": "lossguard.fixing.apply.unified_diff"},
}
FAULTS = [(mode, stage, target) for mode, stages in STAGES.items() for stage, target in stages.items()]


@pytest.mark.parametrize("mode,stage,target", FAULTS, ids=[f"{m}-{s}" for m, s, _ in FAULTS])
def test_an_internal_error_in_any_stage_is_one_line_and_exit_2(tmp_path, mode, stage, target):
    path = tmp_path / "train.py"
    path.write_text(FIXABLE)
    args = ["check", "--isolated", str(path)]
    if mode != "check":
        args.insert(1, mode)
    if stage == "write" and mode == "check":
        args += ["-o", str(tmp_path / "report.txt")]
    env = {k: v for k, v in os.environ.items() if k != "LOSSGUARD_DEBUG"}
    proc = subprocess.run([sys.executable, "-c", _FAULT, target, *args], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, env=env)
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout
    faults = [line for line in proc.stderr.splitlines() if "injected fault" in line]
    assert len(faults) == 1 and "internal error: RuntimeError: injected fault" in faults[0], proc.stderr
    # nothing half-done on disk: untouched, or (a fault after the write, in the report) fully fixed
    assert path.read_text() == FIXABLE or stage == "report" and path.read_text() == FIXABLE.replace("BCELoss", "BCEWithLogitsLoss")
    assert [p for p in os.listdir(tmp_path) if p.endswith(".tmp")] == []


def test_huge_integer_arithmetic_is_unknown_not_a_crash_or_a_hang(tmp_path):
    """Repro: `units = <3,700 digits> * <3,700 digits>` made str() fail (ValueError: Exceeds the limit
    (4300 digits)), a traceback under --fix; 26 lines of `x = x * x` took 98 s and 1.7 GB."""
    digits = "9" * 3700
    path = tmp_path / "big.py"
    path.write_text(f"from tensorflow import keras\nunits = {digits} * {digits}\n"
                    "model = keras.Sequential([keras.layers.Dense(units, activation='softmax')])\n"
                    "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
                    "x = 2 ** 64\n" + "x = x * x\n" * 26)
    for mode, status in (([], 1), (["--fix"], 1), (["--diff"], 0)):  # LG101 (unknown units): an unsafe fix
        start = time.perf_counter()
        run = cli_subprocess("check", "--no-cache", "--isolated", *mode, str(path))
        assert time.perf_counter() - start < 30
        assert "Traceback" not in run.err and "internal error" not in run.err, run.err
        assert run.code == status, run.out + run.err


def test_output_file_that_cannot_be_written(tmp_path):
    (tmp_path / "bad.py").write_text(BAD_KERAS)
    for mode in ([], ["--fix"]):
        run = cli_subprocess("check", "--no-cache", "--isolated", *mode, "-o", str(tmp_path / "missing" / "x.json"),
                             str(tmp_path / "bad.py"))
        assert run.code == 2
        assert one_line(run, "cannot write the report").endswith("No such file or directory")


def test_output_file_in_a_read_only_folder(tmp_path):
    from test_fix_integrity import _unprivileged

    (tmp_path / "bad.py").write_text(BAD_KERAS)
    folder = tmp_path / "ro"
    folder.mkdir()
    os.chmod(folder, 0o555)
    try:
        proc = subprocess.run(_unprivileged([sys.executable, "-m", "lossguard", "check", "--no-cache", "--isolated",
                                             "-o", str(folder / "x.json"), str(tmp_path / "bad.py")]),
                              capture_output=True, text=True, timeout=120)
    finally:
        os.chmod(folder, 0o755)
    assert proc.returncode == 2
    assert one_line(proc, "cannot write the report").endswith("Permission denied")


@pytest.mark.parametrize("table,fragment", [
    ("exclude = [1]", "exclude must be a list of strings"),
    ("extend-exclude = [{}]", "extend-exclude must be a list of strings"),
    ("exclude = 5", "exclude must be a list"),
    ("select = 5", "select must be a list"),
    ("select = [[\"LG1\"]]", "rule codes must be strings"),
    ("per-file-ignores = { \"x\" = 5 }", "rule codes must be strings"),
    ("per-file-ignores = [1]", "per-file-ignores must be a table"),
    ("preview = \"yes\"", "preview must be true or false"),
])
def test_wrong_types_in_the_configuration(tmp_path, table, fragment):
    (tmp_path / "pyproject.toml").write_text(f"[tool.lossguard]\n{table}\n")
    (tmp_path / "bad.py").write_text(BAD_KERAS)
    run = cli_subprocess("check", "--no-cache", ".", cwd=tmp_path)
    assert run.code == 2
    assert "pyproject.toml" in one_line(run, fragment)


def test_a_tool_key_that_is_not_a_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text("tool = 5\n[x]\nlossguard = 1\n")
    (tmp_path / "bad.py").write_text(BAD_KERAS)
    run = cli_subprocess("check", "--no-cache", "--config", "pyproject.toml", ".", cwd=tmp_path)
    assert run.code == 2 and "pyproject.toml" in one_line(run, "[tool] must be a table")
    found = cli_subprocess("check", "--no-cache", ".", cwd=tmp_path)  # discovery: no lossguard table there
    assert found.code == 1 and found.err == ""


@pytest.mark.parametrize("text,fragment", [
    ("[tool]\nlossguard = 5\n", "[tool.lossguard] must be a table"),
    ("[tool.lossguard]\nselect = " + "[" * 5000 + "]" * 5000 + "\n", "too deeply nested"),
    ("[tool.lossguard\nselect = [\"LG1\"]\n", "invalid TOML"),
    ("[tool.lossguard]\nselect = [\"LG1\"\n", "invalid TOML"),
])
def test_a_malformed_pyproject_with_a_lossguard_table_is_an_error(tmp_path, text, fragment):
    (tmp_path / "pyproject.toml").write_text(text)
    (tmp_path / "bad.py").write_text(BAD_KERAS)
    for args in (["."], ["--config", "pyproject.toml", "."]):
        run = cli_subprocess("check", "--no-cache", *args, cwd=tmp_path)
        assert run.code == 2, run.out + run.err
        assert "pyproject.toml" in one_line(run, fragment)


def test_a_pyproject_that_is_not_utf8_is_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_bytes(b"[tool.lossguard]\nignore = [\"LG101\"]  # caf\xe9\n")
    (tmp_path / "bad.py").write_text(BAD_KERAS)
    run = cli_subprocess("check", "--no-cache", ".", cwd=tmp_path)
    assert run.code == 2 and "pyproject.toml" in one_line(run, "not UTF-8")


def test_a_pyproject_that_only_mentions_lossguard_elsewhere_is_not_ours(tmp_path):
    """A broken pyproject without [tool.lossguard] belongs to other tools: still ignored."""
    (tmp_path / "pyproject.toml").write_text('[project]\ndependencies = ["lossguard"\n')
    (tmp_path / "bad.py").write_text(BAD_KERAS)
    run = cli_subprocess("check", "--no-cache", ".", cwd=tmp_path)
    assert run.code == 1 and "LG101" in run.out and run.err == ""


def test_an_unreadable_pyproject_is_an_error(tmp_path):
    from test_fix_integrity import _unprivileged

    (tmp_path / "pyproject.toml").write_text('[tool.lossguard]\nignore = ["LG101"]\n')
    os.chmod(tmp_path / "pyproject.toml", 0o000)
    (tmp_path / "bad.py").write_text(BAD_KERAS)
    os.chmod(tmp_path, 0o755)
    try:
        proc = subprocess.run(_unprivileged([sys.executable, "-m", "lossguard", "check", "--no-cache", "."]),
                              capture_output=True, text=True, timeout=120, cwd=tmp_path)
    finally:
        os.chmod(tmp_path / "pyproject.toml", 0o644)
    assert proc.returncode == 2
    assert "pyproject.toml" in one_line(proc, "cannot read")


@pytest.mark.parametrize("mode", [[], ["--fix"]])
def test_stdin_closed(mode):
    proc = subprocess.run([sys.executable, "-m", "lossguard", "check", "--isolated", *mode, "-"],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
                          preexec_fn=lambda: os.close(0))
    assert proc.returncode == 2 and proc.stdout == ""
    one_line(proc, "standard input is closed")


# ----------------------------------------------------------------------------- item 9: a FIFO given explicitly
def test_a_fifo_without_a_writer_given_explicitly_does_not_block(tmp_path):
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    start = time.perf_counter()
    run = cli_subprocess("check", "--no-cache", "--isolated", str(fifo))
    assert time.perf_counter() - start < 30
    assert run.code == 2
    assert one_line(run, "pipe.py").endswith("is a FIFO with no writer (nothing arrived in 5 s)")


def test_a_fifo_with_a_writer_is_read(tmp_path):
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)

    def write():
        with open(fifo, "w") as handle:
            handle.write(BAD_KERAS)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    run = cli_subprocess("check", "--no-cache", "--isolated", str(fifo))
    writer.join(10)
    assert run.code == 1 and "LG101" in run.out, run.err


# ----------------------------------------------------------------------------- item 10: deep class hierarchies
def _hierarchy(depth: int) -> str:
    lines = ["import torch", "import torch.nn as nn", "", "class C0(nn.Module):", "    def __init__(self):",
             "        super().__init__()", "        self.fc = nn.Linear(4, 3)", ""]
    for i in range(1, depth):
        lines += [f"class C{i}(C{i - 1}):", "    def __init__(self):", "        super().__init__()", ""]
    lines += [f"model = C{depth - 1}()", "criterion = nn.CrossEntropyLoss()",
              "loss = criterion(torch.softmax(model.fc(torch.randn(2, 4)), dim=1), torch.tensor([0, 1]))"]
    return "\n".join(lines) + "\n"


def test_a_thousand_deep_class_hierarchy_is_checked_within_two_cpu_seconds(tmp_path):
    """Repro: the MRO was recomputed on every lookup: 200 classes 27 s, 300 classes 142 s."""
    path = tmp_path / "deep.py"
    path.write_text(_hierarchy(1000))
    from lossguard.checker.program import check_source
    from lossguard.config.settings import Settings
    from lossguard.sources.files import SourceFile

    source = SourceFile(str(path), path.read_text())
    check_source(source, Settings())  # warm: imports, rule loading
    start = time.process_time()  # CPU time: other processes on a shared machine do not count
    result = check_source(source, Settings())
    elapsed = time.process_time() - start
    assert [f.rule for f in result.findings] == ["LG104"]  # the softmax before CrossEntropyLoss, found through 1,000 classes
    assert elapsed < 2, elapsed


# ----------------------------------------------------------------------------- item 12: stdin without end
def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


@pytest.mark.parametrize("mode", [[], ["--diff"]])
def test_endless_stdin_is_refused_at_the_read_limit(mode):
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run([sys.executable, "-m", "lossguard", "check", "--isolated", *mode, "-"], stdin=zero,
                              capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory)
    assert proc.returncode == 2
    assert one_line(proc, "too large").endswith("input is too large to check (more than 20 MB)")


def test_fix_from_stdin_over_the_limit_passes_the_input_through():
    data = b"import torch\nbce = torch.nn.BCELoss()\n" + b"# padding padding padding\n" * 1_000_000  # 27 MB
    proc = subprocess.run([sys.executable, "-m", "lossguard", "check", "--isolated", "--fix", "-"], input=data,
                          capture_output=True, timeout=120, preexec_fn=_limit_memory)
    assert proc.returncode == 2 and proc.stdout == data
    one_line(subprocess.CompletedProcess([], 2, "", proc.stderr.decode()), "too large")


# ----------------------------------------------------------------------------- item 14: what CPython refuses
@pytest.mark.parametrize("code,line,reason", [
    ("from __future__ import braces\nimport torch\n", 1, "not a chance"),
    ("import torch\nfrom __future__ import annotations\n", 2,
     "from __future__ imports must occur at the beginning of the file"),
    ('"""Doc."""\nimport torch\nx = 1\nfrom __future__ import annotations\n', 4,
     "from __future__ imports must occur at the beginning of the file"),
    ("from __future__ import nonexistent_feature\nimport torch\n", 1, "future feature nonexistent_feature is not defined"),
])
def test_future_imports_cpython_refuses_are_parse_errors(tmp_path, code, line, reason):
    path = tmp_path / "f.py"
    path.write_text(code)
    run = cli("check", "--no-cache", "--isolated", "--format", "json", str(path))
    assert [(f["rule"], f["line"]) for f in run.json()] == [("LG000", line)]
    assert reason in run.json()[0]["message"]
    with pytest.raises(SyntaxError):
        compile(code, "f.py", "exec")


def test_future_imports_cpython_accepts_are_fine(tmp_path):
    path = tmp_path / "f.py"
    code = '"""Doc."""\n# comment\nfrom __future__ import annotations\nfrom __future__ import division, generator_stop\n' + BAD_KERAS
    compile(code, "f.py", "exec")
    path.write_text(code)
    run = cli("check", "--no-cache", "--isolated", "--format", "json", str(path))
    assert [f["rule"] for f in run.json()] == ["LG101"]


@pytest.mark.parametrize("data", [
    b"# -*- coding: utf-8-sig -*-\n" + BAD_KERAS.encode(),
    b"\xef\xbb\xbf# coding: utf-8-sig\n" + BAD_KERAS.encode(),
    b"# vim: set fileencoding=UTF-8-SIG :\n" + BAD_KERAS.encode(),
])
def test_a_utf8_sig_cookie_is_accepted_like_cpython(tmp_path, data):
    path = tmp_path / "sig.py"
    path.write_bytes(data)
    compile(data, "sig.py", "exec")  # CPython accepts the cookie
    run = cli("check", "--no-cache", "--isolated", "--format", "json", str(path))
    assert [f["rule"] for f in run.json()] == ["LG101"], run.err
    fixed = cli("check", "--no-cache", "--isolated", "--fix", "--unsafe-fixes", str(path))
    assert fixed.code == 0 and path.read_bytes() == data.replace(b'"softmax")])', b'"sigmoid")])')


def test_a_future_import_that_starts_a_notebook_cell_is_fine(tmp_path):
    """IPython compiles cells one by one: a future import may start any cell (not follow code in it)."""
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": "import torch\nx = 1\n"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "from __future__ import annotations\n" + BAD_KERAS},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "def f():\n    from __future__ import braces\n"}]}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    run = cli("check", "--no-cache", "--isolated", "--format", "json", str(path))
    assert sorted((f["rule"], f["cell"]) for f in run.json()) == [("LG000", 3), ("LG101", 2)]
