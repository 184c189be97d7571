"""Bad input: a one-line message, the right exit status, never a traceback, nothing else lost."""

import os

import pytest

from helpers import BAD_KERAS, cli, cli_subprocess


def check(*paths, **kw):
    return cli_subprocess("check", "--no-cache", *map(str, paths), **kw)


def assert_one_line_error(run, fragment):
    assert "Traceback" not in run.err and "Traceback" not in run.out
    lines = [l for l in run.err.splitlines() if fragment in l]
    assert len(lines) == 1, run.err


def test_syntax_error_is_a_finding_and_other_files_are_still_checked(tmp_path):
    (tmp_path / "a_broken.py").write_text("import torch\nmodel = torch.nn.Linear(4, 2\n")
    (tmp_path / "b_bad.py").write_text(BAD_KERAS)
    run = cli("check", "--format", "json", "--no-cache", str(tmp_path))
    found = [(os.path.basename(f["path"]), f["rule"], f["line"]) for f in run.json()]
    assert found == [("a_broken.py", "LG000", 2), ("b_bad.py", "LG101", 3)]
    assert "was never closed" in run.json()[0]["message"]
    assert run.code == 1


def test_null_bytes(tmp_path):
    path = tmp_path / "nul.py"
    path.write_bytes(b"import torch\x00\n")
    run = check(path)
    assert run.code == 2
    assert_one_line_error(run, "null bytes")


def test_invalid_utf8(tmp_path):
    path = tmp_path / "latin.py"
    path.write_bytes(b"import torch\nname = '\xe9t\xe9'\n")
    run = check(path)
    assert run.code == 2
    assert_one_line_error(run, "cannot decode as utf-8: invalid byte 0xe9 on line 2")


def test_wrong_and_valid_encoding_cookies(tmp_path):
    wrong = tmp_path / "wrong.py"
    wrong.write_bytes(b"# -*- coding: klingon -*-\nimport torch\n")
    run = check(wrong)
    assert run.code == 2
    assert_one_line_error(run, "unknown encoding 'klingon'")
    latin = tmp_path / "latin1.py"
    latin.write_bytes(b"# -*- coding: latin-1 -*-\n# caf\xe9\n" + BAD_KERAS.encode())
    run = cli("check", "--format", "json", "--no-cache", str(latin))
    assert [(f["rule"], f["line"]) for f in run.json()] == [("LG101", 5)]
    bom = tmp_path / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbf" + BAD_KERAS.encode())
    assert [f["rule"] for f in cli("check", "--format", "json", "--no-cache", str(bom)).json()] == ["LG101"]


def test_empty_file_and_huge_file(tmp_path):
    empty = tmp_path / "empty.py"
    empty.write_text("")
    assert check(empty).code == 0
    huge = tmp_path / "huge.py"
    block = "import torch\n" + "x = torch.zeros(3) + 1\n" * 220_000  # about 5 MB
    huge.write_text(block)
    assert huge.stat().st_size > 5_000_000
    run = check(huge)
    assert run.code == 0, run.err  # generated-size code is skipped with a notice, not an error
    assert_one_line_error(run, "skipped: 5,060.0 kB of code is over the 200 kB analysis limit")


def test_deep_nesting(tmp_path):
    parens = tmp_path / "parens.py"
    parens.write_text("import torch\nx = " + "(" * 1000 + "1" + ")" * 1000 + "\n")
    run = check(parens)
    assert run.code == 1 and "Traceback" not in run.err
    assert "parens.py:2:" in run.out and "LG000 cannot parse: too many nested parentheses" in run.out
    lists = tmp_path / "lists.py"
    lists.write_text("import torch\nx = " + "[" * 1000 + "1" + "]" * 1000 + "\n")
    run = check(lists)
    assert run.code == 1 and "Traceback" not in run.err
    assert "lists.py:2:" in run.out and "LG000 cannot parse: too many nested parentheses" in run.out


@pytest.mark.parametrize("shape,code", [
    ("brackets", "x = " + "[" * 1500 + "1" + "]" * 1500),
    ("lambdas", "f = " + "lambda: " * 5000 + "1"),
    ("attributes", "x = a" + ".b" * 50_000),
    ("sum", "x = " + " + ".join(["1"] * 20_000)),
    ("unary", "x = " + "-" * 5000 + "1"),
    ("indentation", "".join("    " * i + "if x:\n" for i in range(150)) + "    " * 150 + "pass"),
])
def test_pathological_shapes_never_crash(tmp_path, shape, code):
    # libcst's native parser segfaults or takes minutes on several of these (measured): CPython's
    # parser guards it, and such code cannot run under CPython anyway, so it is a parse error.
    path = tmp_path / f"{shape}.py"
    path.write_text("import torch\n" + code + "\n")
    run = check(path)
    assert run.code == 1 and "Traceback" not in run.err, run.err
    assert f"{shape}.py:" in run.out and "LG000 cannot parse" in run.out


def test_long_but_legal_expressions_are_analysed(tmp_path):
    path = tmp_path / "long.py"
    code = "import torch\nx = " + " + ".join(["torch.ones(2)"] * 900) + "\n" + BAD_KERAS
    compile(code, "long.py", "exec")  # CPython accepts it (3,000 terms would exceed its own limits)
    path.write_text(code)
    run = check(path)
    assert run.code == 1 and "LG101" in run.out and "Traceback" not in run.err


def test_directory_symlink_loop_and_dangling_link(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "bad.py").write_text(BAD_KERAS)
    os.symlink(tmp_path / "pkg", tmp_path / "pkg" / "loop")
    os.symlink(tmp_path / "missing.py", tmp_path / "dangling.py")
    run = check(tmp_path)
    assert run.code == 1
    assert run.out.count("LG101") == 1  # the loop is not followed, the file is checked once
    direct = check(tmp_path / "dangling.py")
    assert direct.code == 2
    assert_one_line_error(direct, "no such file or directory")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.py"
    path.write_text(BAD_KERAS)
    path.chmod(0)
    run = check(path)
    assert run.code == 2
    assert_one_line_error(run, "permission denied")


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_file_that_fails_to_read():
    # readable by permissions (even for root) but every read fails with EIO
    run = check("/proc/self/mem")
    assert run.code == 2
    assert_one_line_error(run, "/proc/self/mem: Input/output error")


def test_directory_named_like_a_file_and_missing_path(tmp_path):
    run = check(tmp_path / "nope.py")
    assert run.code == 2
    assert_one_line_error(run, "no such file or directory")


def test_binary_notebook(tmp_path):
    path = tmp_path / "bin.ipynb"
    path.write_bytes(os.urandom(2048))
    run = check(path)
    assert run.code == 2
    assert "Traceback" not in run.err


def test_static_mode_never_runs_the_analysed_code(tmp_path):
    marker = tmp_path / "MARKER"
    payload = f'''\
import pathlib
pathlib.Path({str(marker)!r}).write_text("executed")
import torch
import tensorflow as tf
from tensorflow import keras

class Evil:
    def __init_subclass__(cls):
        pathlib.Path({str(marker)!r}).write_text("class body ran")

model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
model.compile(loss="binary_crossentropy", optimizer="adam")
'''
    (tmp_path / "evil.py").write_text(payload)
    nb = tmp_path / "evil.ipynb"
    import json

    nb.write_text(json.dumps({"nbformat": 4, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": payload.splitlines(keepends=True)}]}))
    run = check(tmp_path / "evil.py", nb, env={"PYTHONDONTWRITEBYTECODE": "1"})
    assert run.code == 1 and run.out.count("LG101") == 2
    assert not marker.exists()
    assert not list(tmp_path.glob("**/__pycache__"))


def test_cr_only_line_endings_keep_suppressions_on_their_line(tmp_path):
    path = tmp_path / "cr.py"
    path.write_bytes(b"import torch\rfrom torch import nn\r"
                     b"m = nn.Sequential(nn.Linear(3, 1), nn.Softmax(dim=1))  # noqa: LG102\r"
                     b"n = nn.Sequential(nn.Linear(3, 1), nn.Softmax(dim=1))\r")
    run = check(path)
    assert run.code == 1 and run.out.count("LG102") == 1 and "cr.py:4:" in run.out


def test_non_ascii_compatible_cookie_is_refused(tmp_path):
    path = tmp_path / "u16.py"
    path.write_bytes(b"# -*- coding: utf-16 -*-\nimport torch\n")
    run = check(path)
    assert run.code == 2
    assert_one_line_error(run, "encoding 'utf-16' in the coding cookie is not usable for Python source")


def test_non_ml_files_do_not_import_libcst(tmp_path):
    import subprocess
    import sys

    (tmp_path / "plain.py").write_text("print('hello')\n")
    probe = ("import sys; from lossguard.cli.commands import main\n"
             "try:\n    main(['check', '--no-cache', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
             "print('libcst' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "plain.py")], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stdout + out.stderr
