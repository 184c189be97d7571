"""Scale (issue 11, items 17-18): huge configurations and trees stay fast and bounded.

- 20,000 per-file-ignores entries and 50,000 exclude patterns: compiled once (they took 120 s and
  24 s on a 2-file folder), with exactly the old matching rules (a property test against them);
- the parent of a parallel run streams the tree: its memory depends on the jobs, not on the size
  of the files (it held every file's bytes: 661 MB of RSS for 587 MB of notebooks).
"""

from __future__ import annotations

import fnmatch
import json
import os
import subprocess
import sys
import time

from hypothesis import given, strategies as st

from fuzzing import fuzz_settings
from helpers import BAD_KERAS, SEED, cli_subprocess


# ----------------------------------------------------------------------------- item 17
def _timed(*args, cwd):
    start = time.perf_counter()
    run = cli_subprocess(*args, cwd=cwd)
    return run, time.perf_counter() - start


def test_twenty_thousand_per_file_ignores(tmp_path):
    lines = ["[tool.lossguard.per-file-ignores]"]
    lines += [f'"generated_{i}/*.py" = ["LG301"]' for i in range(20_000)]
    lines += ['"legacy.py" = ["LG302"]', '"old/*" = ["LG1"]']
    (tmp_path / "pyproject.toml").write_text("\n".join(lines) + "\n")
    (tmp_path / "legacy.py").write_text(SEED.read_text())
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "model.py").write_text(SEED.read_text())
    run, elapsed = _timed("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    found = sorted((f["path"], f["rule"]) for f in run.json())
    assert found == [("legacy.py", "LG101"), ("legacy.py", "LG301"), ("old/model.py", "LG302")], run.err  # both apply
    assert elapsed < 15, elapsed


def test_fifty_thousand_exclude_patterns(tmp_path):
    patterns = [f"generated_{i}_*" for i in range(50_000)] + ["skipped"]
    (tmp_path / "pyproject.toml").write_text("[tool.lossguard]\nexclude = " + json.dumps(patterns) + "\n")
    (tmp_path / "a.py").write_text(BAD_KERAS)
    (tmp_path / "generated_77_x.py").write_text(BAD_KERAS)
    (tmp_path / "skipped").mkdir()
    (tmp_path / "skipped" / "b.py").write_text(BAD_KERAS)
    run, elapsed = _timed("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert [f["path"] for f in run.json()] == ["a.py"], run.err
    assert elapsed < 15, elapsed


# the rules as they were before compiling (the oracle)
def _old_matches(display, patterns):
    from lossguard.sources.discovery import _forms

    for norm in _forms(display, None):
        parts = norm.split("/")
        for pattern in patterns:
            pat = pattern.rstrip("/")
            if pat.startswith("./"):
                pat = pat[2:]
            if fnmatch.fnmatch(norm, pat) or fnmatch.fnmatch(norm, pat + "/*"):
                return True
            if "/" not in pat and any(fnmatch.fnmatch(part, pat) for part in parts):
                return True
    return False


def _old_path_matches(path, pattern):
    norm = path.replace(os.sep, "/")
    for cand in {norm, norm.lstrip("./")}:
        if fnmatch.fnmatch(cand, pattern) or fnmatch.fnmatch(os.path.basename(cand), pattern):
            return True
        if fnmatch.fnmatch(cand, pattern.rstrip("/") + "/*"):
            return True
    return False


_PIECES = st.sampled_from(["a", "b", "ab", "x.py", "*", "?", "[ab]", "[!a]", "/", "./", ".", "*.py", "**", "src",
                           "gen_", "1", "[", "]", "-"])
_PATTERN = st.lists(_PIECES, min_size=1, max_size=5).map("".join)
_PATH = st.lists(st.sampled_from(["a", "b", "ab", "x.py", "src", "gen_1", "a.py", "b1", "[a]", ".hidden"]),
                 min_size=1, max_size=4).map("/".join)


@given(st.lists(_PATTERN, min_size=1, max_size=12), st.lists(_PATH, min_size=1, max_size=6))
@fuzz_settings(300)
def test_compiled_patterns_match_exactly_like_fnmatch(patterns, paths):
    from lossguard.config.settings import Settings
    from lossguard.sources.discovery import _matches

    codes = ["LG1", "LG2", "LG3", "LG4"]
    table = {pattern: (codes[i % 4],) for i, pattern in enumerate(dict.fromkeys(patterns))}
    settings = Settings(per_file_ignores=table)
    for path in paths:
        assert _matches(path, tuple(patterns)) == _old_matches(path, patterns), (path, patterns)
        for code in codes:
            expected = not any(_old_path_matches(path, p) and code.startswith(c) for p, cs in table.items() for c in cs)
            assert settings.enabled_for(code + "01", path) == expected, (path, code, table)


# ----------------------------------------------------------------------------- item 18
_PEAK = r"""
import atexit, sys
def peak():
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                sys.stderr.write("PEAK " + line.split()[1] + "\n")
atexit.register(peak)
sys.argv = ["lossguard", *sys.argv[1:]]
from lossguard.cli.commands import main
main()
"""


def _notebook(index: int) -> str:
    """A 6 MB notebook: a little code, a big output (images, logs)."""
    blob = "x" * (6 << 20)
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": BAD_KERAS + f"\nRUN = {index}\n",
         "outputs": [{"output_type": "stream", "name": "stdout", "text": [blob]}]}]})


def test_the_parent_of_a_parallel_run_holds_a_bounded_window_not_the_tree(tmp_path):
    if not os.path.exists("/proc/self/status"):
        import pytest

        pytest.skip("needs /proc")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    count = 40  # 240 MB of notebooks
    for i in range(count):
        (folder / f"nb{i:02d}.ipynb").write_text(_notebook(i))
    peaks = {}
    for mode in (["--no-cache"], ["--cache-dir", str(tmp_path / "cache")]):
        proc = subprocess.run([sys.executable, "-c", _PEAK, "check", "--isolated", "-j", "2", "--format", "json",
                               *mode, str(folder)], capture_output=True, text=True, timeout=600)
        assert proc.returncode == 1, proc.stderr
        assert len(json.loads(proc.stdout)) == count  # one LG101 per notebook: every file was checked
        peak_kb = int(next(line for line in proc.stderr.splitlines() if line.startswith("PEAK ")).split()[1])
        peaks[mode[0]] = peak_kb // 1024
    # the tree is 240 MB; the parent keeps at most jobs x WINDOW files' bytes in flight (and none without a cache)
    print("parent peak RSS (MB):", peaks)
    assert peaks["--no-cache"] < 120, peaks
    assert peaks["--cache-dir"] < 200, peaks
