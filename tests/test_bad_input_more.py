"""Bad input not covered by test_bad_input.py / test_notebooks.py: one line on stderr, the right exit.

- an unreadable file even when the tests run as root (CI does): the read fails with EACCES;
- encoding cookies that name a real codec the bytes do not match, a cookie that conflicts with a
  BOM, a cookie too late to count (PEP 263: lines 1-2 only);
- files over the 20 MB read limit; a 5 MB notebook (big outputs) whose code is small;
- notebooks: empty file, invalid UTF-8, null bytes inside a cell, JSON that is not an object;
- special files: a FIFO named *.py in a checked folder (reading it blocked forever) and a symlink
  to /dev/zero (read until memory ran out).
"""

from __future__ import annotations

import builtins
import json
import os
import resource
import subprocess
import sys

import pytest

from helpers import BAD_KERAS, cli, cli_subprocess


def check(*paths, **kw):
    return cli_subprocess("check", "--no-cache", "--isolated", *map(str, paths), **kw)


def one_line(run, fragment):
    assert "Traceback" not in run.err and "Traceback" not in run.out, run.err
    lines = [line for line in run.err.splitlines() if fragment in line]
    assert len(lines) == 1, run.err
    return lines[0]


def test_unreadable_file_even_as_root(tmp_path, monkeypatch):
    secret = tmp_path / "secret.py"
    secret.write_text(BAD_KERAS)
    other = tmp_path / "other.py"
    other.write_text(BAD_KERAS)
    real_open = builtins.open

    def deny(file, *args, **kwargs):
        if os.fspath(file) == str(secret):
            raise PermissionError(13, "Permission denied", str(secret))
        return real_open(file, *args, **kwargs)

    import lossguard.sources.files

    monkeypatch.setattr(lossguard.sources.files, "open", deny, raising=False)
    run = cli("check", "--no-cache", "--isolated", "-j", "1", str(tmp_path))
    assert run.code == 2
    assert one_line(run, "secret.py").endswith("secret.py: permission denied")
    assert "other.py:3:" in run.out  # the other file is still checked
    fixed = cli("check", "--fix", "--no-cache", "--isolated", str(secret))
    assert fixed.code == 2 and one_line(fixed, "secret.py").endswith("permission denied")


@pytest.mark.parametrize("data,fragment", [
    ("# -*- coding: ascii -*-\nimport torch\nname = 'caf\u00e9'\n".encode("utf-8"),
     "cannot decode as ascii: invalid byte 0xc3 on line 3"),
    (b"\xef\xbb\xbf# coding: latin-1\nimport torch\n", "encoding cookie 'latin-1' conflicts with the UTF-8 byte order mark"),
    (b"# coding: utf-8\n# coding: latin-1\nimport torch\nx = '\xe9'\n", "cannot decode as utf-8: invalid byte 0xe9 on line 4"),
    (b"#!/usr/bin/env python\n\n# coding: latin-1\nimport torch\nx = '\xe9'\n", "cannot decode as utf-8: invalid byte 0xe9 on line 5"),
])
def test_encoding_cookies_that_do_not_match_the_bytes(tmp_path, data, fragment):
    path = tmp_path / "cookie.py"
    path.write_bytes(data)
    run = check(path)
    assert run.code == 2, (run.out, run.err)
    one_line(run, fragment)


def test_cookie_on_line_two_counts(tmp_path):
    path = tmp_path / "second.py"
    path.write_bytes(b"#!/usr/bin/env python\n# vim: set fileencoding=latin-1 :\n# caf\xe9\n" + BAD_KERAS.encode())
    run = cli("check", "--no-cache", "--isolated", "--format", "json", str(path))
    assert [(f["rule"], f["line"]) for f in run.json()] == [("LG101", 6)]


def test_file_over_the_read_limit(tmp_path):
    path = tmp_path / "huge.py"
    with open(path, "wb") as handle:  # sparse: 25 MB on paper, nothing on disk
        handle.write(b"import torch\n")
        handle.truncate(25 * 1024 * 1024)
    small = tmp_path / "small.py"
    small.write_text(BAD_KERAS)
    run = check(tmp_path)
    assert run.code == 2
    one_line(run, "huge.py: file is too large to check (25 MB > 20 MB)")
    assert "small.py:3:" in run.out


def test_five_megabyte_notebook_with_small_code(tmp_path):
    image = "A" * (5 * 1024 * 1024)
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": BAD_KERAS,
         "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": image}}]}]}
    path = tmp_path / "big.ipynb"
    path.write_text(json.dumps(nb))
    assert path.stat().st_size > 5_000_000
    run = check(path)
    assert run.code == 1 and "big.ipynb:cell 1:3:" in run.out and "LG101" in run.out, run.out + run.err


@pytest.mark.parametrize("data,fragment", [
    (b"", "notebook is not valid JSON"),
    (b"\xff\xfe{}", "notebook is not UTF-8"),
    (b"[1, 2, 3]", "notebook is not a JSON object"),
    (json.dumps({"nbformat": 3, "worksheets": []}).encode(), "nbformat 3 notebooks are not supported"),
    (json.dumps({"cells": {"0": {}}}).encode(), "notebook 'cells' is not a list"),
    (json.dumps({"cells": ["import torch"]}).encode(), "cell 1 is not a JSON object"),
    (b"[" * 100_000, "notebook is not valid JSON"),
])
def test_broken_notebooks_more(tmp_path, data, fragment):
    path = tmp_path / "broken.ipynb"
    path.write_bytes(data)
    run = check(path)
    assert run.code == 2, (run.out, run.err)
    one_line(run, fragment)


def test_notebook_cell_with_null_bytes_and_an_empty_notebook(tmp_path):
    nul = tmp_path / "nul.ipynb"
    nul.write_text(json.dumps({"nbformat": 4, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "source": "import torch\nx = 1\x00\n"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "source": BAD_KERAS}]}))
    run = check(nul)
    assert "Traceback" not in run.err
    assert run.code in (1, 2) and (run.out + run.err).count("nul.ipynb") >= 1
    empty = tmp_path / "empty.ipynb"
    empty.write_text(json.dumps({"nbformat": 4, "metadata": {}, "cells": []}))
    run = check(empty)
    assert run.code == 0 and "Traceback" not in run.err


def _bounded(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The CLI with 2 GB of address space and a time limit: a hang or an unbounded read fails the test."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))

    return subprocess.run([sys.executable, "-m", "lossguard", "check", "--no-cache", "--isolated", *args],
                          capture_output=True, text=True, timeout=timeout, preexec_fn=limit)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_a_checked_folder_is_not_read(tmp_path):
    """Repro of a hang: `lossguard check .` blocked forever opening a FIFO named *.py."""
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "real.py").write_text(BAD_KERAS)
    proc = _bounded(str(tmp_path), timeout=60)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1 and "real.py:3:" in proc.stdout, proc.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_symlink_to_an_endless_device_is_not_read_forever(tmp_path):
    """Repro of a crash: a *.py symlink to /dev/zero was read until MemoryError (a traceback)."""
    os.symlink("/dev/zero", tmp_path / "zero.py")
    (tmp_path / "real.py").write_text(BAD_KERAS)
    proc = _bounded(str(tmp_path))
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-500:]
    assert "real.py:3:" in proc.stdout
    direct = _bounded(str(tmp_path / "zero.py"))
    assert direct.returncode == 2 and "Traceback" not in direct.stderr, direct.stderr[-500:]
    assert len([line for line in direct.stderr.splitlines() if "zero.py" in line]) == 1, direct.stderr


@pytest.mark.parametrize("shape,code", [
    ("and_chain", "y = " + " and ".join(["x"] * 20_000)),
    ("or_chain_no_spaces", "y = (x)" + "or(x)" * 10_000),
    ("dotted_import", "import " + ".".join(["a"] * 10_000)),
    ("dotted_from_import", "from " + ".".join(["a"] * 10_000) + " import b"),
])
def test_shapes_flat_for_cpython_but_deep_for_libcst(tmp_path, shape, code):
    """Repro of a crash: CPython keeps these flat (so its parser accepts them), libcst nests them and
    its native parser segfaulted (measured: from ~6,000 operands or name parts)."""
    path = tmp_path / f"{shape}.py"
    path.write_text("import torch\n" + code + "\n")
    proc = _bounded(str(path))
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-300:])
    assert f"{shape}.py:2:" in proc.stdout and "LG000 cannot parse" in proc.stdout, proc.stdout


def test_long_chains_below_the_limit_are_still_analysed(tmp_path):
    path = tmp_path / "ok.py"
    path.write_text("import torch\ny = " + " and ".join(["x"] * 1000) + "\nimport " + ".".join(["a"] * 500) + "\n"
                    + BAD_KERAS)
    run = cli("check", "--no-cache", "--isolated", "--format", "json", str(path))
    assert [f["rule"] for f in run.json()] == ["LG101"]


# ------------------------------------------------------------------ valid Python that libcst cannot parse
TAB_INDENTED = (
    "import torch\n\n\n"
    "def pad(items):\n"
    "    for x in items:\n"
    "        if not x:\n"
    "\t          x.append(0)\n"  # a tab then spaces: Python accepts it (consistent under tab sizes 8 and 1)
    "        x.sort()\n"
    "    return items\n"
)


def test_valid_python_that_libcst_rejects_is_a_notice_not_a_parse_error(tmp_path):
    import ast

    ast.parse(TAB_INDENTED)  # the oracle: CPython accepts it
    path = tmp_path / "pad.py"
    path.write_text(TAB_INDENTED + "model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Softmax(dim=1))\n")
    run = cli_subprocess("check", "--isolated", "--no-cache", "--format", "json", str(path))
    assert run.code == 0 and run.json() == []  # no LG000: the file is not broken
    assert "not analysed: Python accepts it, but lossguard's parser (libcst) does not" in run.err
    assert "Traceback" not in run.err and len(run.err.strip().splitlines()) == 1


def test_such_a_notebook_cell_is_skipped_and_the_others_are_checked(tmp_path):
    cells = [TAB_INDENTED, "import torch\nmodel = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Softmax(dim=1))\n"]
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": c} for c in cells]}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    run = cli_subprocess("check", "--isolated", "--no-cache", "--format", "json", str(path))
    assert [(f["rule"], f["cell"]) for f in run.json()] == [("LG102", 2)]
    assert "cell 1 not analysed" in run.err
