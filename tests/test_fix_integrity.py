"""`--fix` never loses or misplaces data (issue 11, items 2-5, 15, 16).

- links: a symlink stays a symlink and its target is fixed; hard links keep sharing one file; mode
  and owner survive;
- `--fix -` (editors replace their buffer with stdout) echoes the input unchanged on any failure;
- `--fix` / `--diff` apply the 200 kB analysis limit that `check` applies;
- one `--fix` run reaches a fixpoint; a fix that is not written is not counted, and its finding is
  still reported;
- SIGTERM during the write leaves no temporary file (the write completes first);
- a notebook keeps its own JSON style: only the fixed source lines differ;
- `.py`: a form feed before a `def` survives a fix.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from helpers import ROOT, cli, cli_subprocess

FIXABLE = '''\
import torch
bce = torch.nn.BCELoss()
head = torch.nn.Linear(3, 1)
loss = bce(head(torch.ones(2, 3)), torch.ones(2, 1))
'''
FIXED = FIXABLE.replace("BCELoss", "BCEWithLogitsLoss")


def no_traceback(run):
    assert "Traceback" not in run.err and "Traceback" not in run.out, run.err


# ----------------------------------------------------------------------------- item 2: links, mode, owner
def test_fix_through_a_symlink_fixes_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    target = real / "train.py"
    target.write_text(FIXABLE)
    link = tmp_path / "link.py"
    link.symlink_to(target)
    run = cli("check", "--fix", "--no-cache", "--isolated", str(link))
    assert run.code == 0, run.err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == FIXED
    assert sorted(os.listdir(tmp_path)) == ["link.py", "real"] and os.listdir(real) == ["train.py"]


def test_fix_keeps_hard_links_mode_and_owner(tmp_path):
    first = tmp_path / "a.py"
    first.write_text(FIXABLE)
    second = tmp_path / "b.py"
    os.link(first, second)
    os.chmod(first, 0o640)
    if os.geteuid() == 0:
        os.chown(first, 12345, 54321)  # another user's file, fixed by root: it stays theirs
    before = os.stat(first)
    run = cli("check", "--fix", "--no-cache", "--isolated", str(first))
    assert run.code == 0, run.err
    after = os.stat(first)
    assert second.read_text() == FIXED  # still one file with two names
    assert after.st_ino == before.st_ino and after.st_nlink == 2
    assert (after.st_mode, after.st_uid, after.st_gid) == (before.st_mode, before.st_uid, before.st_gid)
    assert sorted(os.listdir(tmp_path)) == ["a.py", "b.py"]


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_fix_keeps_the_owner_of_another_users_file(tmp_path):
    path = tmp_path / "train.py"
    path.write_text(FIXABLE)
    os.chown(path, 12345, 54321)
    assert cli("check", "--fix", "--no-cache", "--isolated", str(path)).code == 0
    st = os.stat(path)
    assert (st.st_uid, st.st_gid) == (12345, 54321) and path.read_text() == FIXED


# ----------------------------------------------------------------------------- item 3: stdin always echoed
@pytest.mark.parametrize("data,fragment", [
    (b"import torch\nname = '\xe9t\xe9'\n", "cannot decode as utf-8"),
    (b"import torch\x00\nbce = torch.nn.BCELoss()\n", "null bytes"),
    (b"# -*- coding: klingon -*-\nimport torch\n", "unknown encoding"),
])
def test_fix_from_stdin_echoes_input_that_cannot_be_read(data, fragment):
    run = subprocess.run([sys.executable, "-m", "lossguard", "check", "--fix", "--isolated", "--stdin-filename",
                          "train.py", "-"], input=data, capture_output=True, timeout=120)
    assert run.stdout == data  # an editor replacing its buffer with stdout keeps the user's code
    err = run.stderr.decode()
    assert run.returncode == 2 and "Traceback" not in err
    assert len([line for line in err.splitlines() if fragment in line]) == 1, err


def test_fix_from_stdin_still_writes_the_fixed_code():
    run = subprocess.run([sys.executable, "-m", "lossguard", "check", "--fix", "--isolated", "-"],
                         input=FIXABLE.encode(), capture_output=True, timeout=120)
    assert run.returncode == 0 and run.stdout == FIXED.encode(), run.stderr


# ----------------------------------------------------------------------------- item 4: the analysis limit
def _oversized(tmp_path):
    filler = "".join(f"value_{i} = {i}  # generated\n" for i in range(9000))  # ~250 kB
    path = tmp_path / "generated.py"
    path.write_text(FIXABLE + filler)
    return path


@pytest.mark.parametrize("mode", ["--fix", "--diff"])
def test_fix_and_diff_skip_files_over_the_analysis_limit_like_check(tmp_path, mode):
    path = _oversized(tmp_path)
    before = path.read_bytes()
    check = cli("check", "--no-cache", "--isolated", str(path))
    start = time.perf_counter()
    run = cli("check", mode, "--no-cache", "--isolated", str(path))
    elapsed = time.perf_counter() - start
    notice = [line for line in run.err.splitlines() if "analysis limit" in line]
    assert len(notice) == 1 and notice == [line for line in check.err.splitlines() if "analysis limit" in line]
    assert path.read_bytes() == before and run.out.count("+++") == 0
    assert run.code == check.code == 0
    assert elapsed < 5, elapsed


# ----------------------------------------------------------------------------- item 5: fixpoint, honest counts
STACKED = '''\
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 3), {softmaxes})
criterion = nn.CrossEntropyLoss()
loss = criterion(model(torch.randn(2, 4)), torch.tensor([0, 1]))
'''


def test_one_fix_run_reaches_a_fixpoint(tmp_path):
    path = tmp_path / "stacked.py"
    path.write_text(STACKED.format(softmaxes=", ".join(["nn.Softmax(dim=1)"] * 8)))
    run = cli("check", "--fix", "--unsafe-fixes", "--no-cache", "--isolated", str(path))
    assert run.code == 0, run.out + run.err
    assert "nn.Sequential(nn.Linear(4, 3))\n" in path.read_text()
    again = cli("check", "--diff", "--unsafe-fixes", "--no-cache", "--isolated", str(path))
    assert again.code == 0 and again.out == ""


def _unprivileged(args: list[str]) -> list[str]:
    """The CLI as a user without root's permission overrides (root ignores a folder's mode)."""
    if os.geteuid() != 0:
        return args
    capsh = shutil.which("capsh")
    if capsh is None:
        pytest.skip("running as root without capsh: cannot drop the permission override")
    return [capsh, "--drop=cap_dac_override,cap_dac_read_search,cap_fowner", "--", "-c",
            " ".join(f"'{a}'" for a in args)]


def test_a_fix_that_cannot_be_written_is_not_counted_and_its_finding_stays(tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    path = folder / "train.py"
    path.write_text(FIXABLE)
    os.chmod(folder, 0o555)
    try:
        proc = subprocess.run(_unprivileged([sys.executable, "-m", "lossguard", "check", "--fix", "--no-cache",
                                             "--isolated", str(path)]), capture_output=True, text=True, timeout=120)
    finally:
        os.chmod(folder, 0o755)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "Fixed" not in proc.stdout + proc.stderr
    assert "LG105" in proc.stdout  # the finding is still there, and reported
    assert len([l for l in proc.stderr.splitlines() if "fixes not written" in l]) == 1, proc.stderr
    assert path.read_text() == FIXABLE


def test_a_notebook_fix_that_cannot_be_written_keeps_its_finding(tmp_path):
    """Deleting a layer on its own line would shift the notebook's lines: nn.Identity() keeps them."""
    code = ("import torch\nimport torch.nn as nn\nmodel = nn.Sequential(\n    nn.Linear(4, 3),\n    nn.Softmax(dim=1),\n)\n"
            "criterion = nn.CrossEntropyLoss()\nloss = criterion(model(torch.randn(2, 4)), torch.tensor([0, 1]))\n")
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": code}]}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    run = cli("check", "--fix", "--unsafe-fixes", "--no-cache", "--isolated", str(path))
    assert run.code == 0, run.out + run.err
    assert "    nn.Identity(),\n" in json.loads(path.read_text())["cells"][0]["source"]


# ----------------------------------------------------------------------------- item 15: signals during the write
_SIGNAL_DURING_WRITE = r"""
import os, signal, sys
real_fsync = os.fsync
SIGNAL = getattr(signal, sys.argv[1])
def fsync(fd):
    os.kill(os.getpid(), SIGNAL)  # a real signal, sent in the middle of the write
    real_fsync(fd)
os.fsync = fsync
sys.argv = ["lossguard", "check", "--fix", "--no-cache", "--isolated", sys.argv[2]]
from lossguard.cli.commands import main
main()
"""


@pytest.mark.parametrize("name,status", [("SIGTERM", 143), ("SIGINT", 130), ("SIGHUP", 129)])
def test_a_signal_during_the_write_leaves_no_temporary_file(tmp_path, name, status):
    path = tmp_path / "train.py"
    path.write_text(FIXABLE)
    proc = subprocess.run([sys.executable, "-c", _SIGNAL_DURING_WRITE, name, str(path)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == status, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert os.listdir(tmp_path) == ["train.py"]  # no .lossguard-*.tmp beside the source
    assert path.read_text() in (FIXABLE, FIXED)  # the old file or the new one, never a part


# ----------------------------------------------------------------------------- item 16: faithful writes
def _notebook_text(indent, newline, ensure_ascii, final_newline):
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Caf\u00e9 \u2014 r\u00e9sum\u00e9\n"]},
        {"cell_type": "code", "execution_count": 1, "metadata": {"scrolled": True}, "outputs": [
            {"output_type": "execute_result", "data": {"text/plain": ["1.00"]}, "metadata": {}, "execution_count": 1}],
         "source": ["import torch\n", "bce = torch.nn.BCELoss()  # \u00e9\n", "head = torch.nn.Linear(3, 1)\n",
                    "loss = bce(head(torch.ones(2, 3)), torch.ones(2, 1))"]}],
        "metadata": {"kernelspec": {"name": "python3"}, "version": 1.00}, "nbformat": 4, "nbformat_minor": 5}
    text = json.dumps(nb, indent=indent, ensure_ascii=ensure_ascii)
    text = text.replace('"version": 1.0', '"version": 1.00')  # a number written by another tool
    if final_newline:
        text += "\n"
    return text.replace("\n", newline)


@pytest.mark.parametrize("indent,newline,ensure_ascii,final_newline", [
    (1, "\n", False, True), (2, "\r\n", True, False), (4, "\n", True, True), (None, "\n", False, False)])
def test_a_notebook_fix_changes_only_the_fixed_source_line(tmp_path, indent, newline, ensure_ascii, final_newline):
    original = _notebook_text(indent, newline, ensure_ascii, final_newline).encode("utf-8")
    path = tmp_path / "nb.ipynb"
    path.write_bytes(original)
    run = cli("check", "--fix", "--no-cache", "--isolated", str(path))
    assert run.code == 0, run.out + run.err
    fixed = path.read_bytes()
    expected = original.replace(b"torch.nn.BCELoss()", b"torch.nn.BCEWithLogitsLoss()")
    assert fixed == expected


def test_a_form_feed_before_a_def_survives_a_fix(tmp_path):
    code = FIXABLE + "\n\x0c\ndef helper():\n    return 1\n\x0cclass Other:\n    pass\n"
    path = tmp_path / "train.py"
    path.write_text(code)
    assert cli("check", "--fix", "--no-cache", "--isolated", str(path)).code == 0
    assert path.read_text() == code.replace("BCELoss", "BCEWithLogitsLoss")
