"""The command line a ruff user expects (issue 14), through the real CLI: click's runner in-process, or
a real subprocess (on a pseudo-terminal where TTY detection matters)."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys

import pytest

from helpers import BAD_KERAS, ROOT, SEED, cli, cli_subprocess

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# one safe fix (LG102) and one unsafe one (LG101) in one file
TWO = '''\
from tensorflow import keras

binary = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
binary.compile(loss="binary_crossentropy")
multi = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
multi.compile(loss="binary_crossentropy")
'''


def write(path, text, newline=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline=newline) as handle:
        handle.write(text)
    return path


def notebook(path, cells):
    """A notebook in Jupyter's own layout (indent 1, sources as lists of lines)."""
    nb = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    for kind, text in cells:
        lines = text.splitlines(keepends=True)
        cell = {"cell_type": kind, "metadata": {}, "source": lines}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        nb["cells"].append(cell)
    path.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")
    return path


def run_tty(args, env=None, cwd=None, timeout=120):
    """`python -m lossguard ARGS` with stdout on a pseudo-terminal (stderr piped): (status, stdout)."""
    master, slave = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR")}
    full_env.update({"TERM": "xterm", "COLUMNS": "100", **(env or {})})
    proc = subprocess.Popen([sys.executable, "-m", "lossguard", *args], stdout=slave, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, cwd=cwd, env=full_env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            proc.kill()
            raise AssertionError("no output from the pseudo-terminal")
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.wait(timeout=timeout)
    return proc.returncode, b"".join(chunks).decode().replace("\r\n", "\n")


def clean_env(**extra):
    env = {"NO_COLOR": "", "FORCE_COLOR": "", "CLICOLOR_FORCE": "", "CLICOLOR": ""}
    env.update(extra)
    return env


# --------------------------------------------------------------------------- --statistics, --output-format
def test_statistics_prints_only_the_table_with_ruffs_fixable_marks(tmp_path):
    bad = write(tmp_path / "two.py", TWO)
    run = cli("check", "--no-cache", "--statistics", str(bad))
    assert run.code == 1
    lines = run.out.splitlines()
    # count, code, fixable mark, name: tab-separated; the safe fix is [*], the unsafe one [ ] without --unsafe-fixes
    assert lines[:2] == ["1\tLG101\t[ ] softmax-with-binary-crossentropy", "1\tLG102\t[*] softmax-on-single-unit"]
    assert "two.py:" not in run.out and "= help" not in run.out  # no finding is printed
    assert lines[2] == "Found 2 findings (2 errors, 0 warnings) in 1 file checked."
    unsafe = cli("check", "--no-cache", "--statistics", "--unsafe-fixes", str(bad))
    assert unsafe.out.splitlines()[:2] == ["1\tLG101\t[*] softmax-with-binary-crossentropy",
                                           "1\tLG102\t[*] softmax-on-single-unit"]


def test_statistics_partly_fixable_rule_and_no_mark_without_fixes(tmp_path):
    # LG102 twice: both fixable; LG302 (never fixable) alone: no mark column at all
    write(tmp_path / "a.py", TWO)
    write(tmp_path / "b.py", TWO.replace("multi", "other"))
    run = cli("check", "--no-cache", "--statistics", str(tmp_path))
    assert run.out.splitlines()[:2] == ["2\tLG101\t[ ] softmax-with-binary-crossentropy",
                                        "2\tLG102\t[*] softmax-on-single-unit"]
    seed = cli("check", "--no-cache", "--statistics", "--select", "LG302", str(SEED))
    assert seed.out.splitlines()[0] == "1\tLG302\tprobability-loss-target-out-of-range"


def test_statistics_as_json_and_refused_for_sarif(tmp_path):
    bad = write(tmp_path / "two.py", TWO)
    run = cli("check", "--no-cache", "--statistics", "--output-format", "json", str(bad))
    assert run.code == 1
    assert run.json() == [
        {"code": "LG101", "name": "softmax-with-binary-crossentropy", "count": 1, "fixable": False, "fixable_count": 0},
        {"code": "LG102", "name": "softmax-on-single-unit", "count": 1, "fixable": True, "fixable_count": 1},
    ]
    refused = cli("check", "--no-cache", "--statistics", "--format", "sarif", str(bad))
    assert refused.code == 2 and "--statistics" in refused.err


def test_output_format_is_an_alias_of_format(tmp_path):
    by_format = cli("check", "--no-cache", "--format", "json", str(SEED))
    by_alias = cli("check", "--no-cache", "--output-format", "json", str(SEED))
    assert by_alias.code == by_format.code == 1
    assert by_alias.out == by_format.out and [f["rule"] for f in by_alias.json()] == ["LG101", "LG302"]
    assert cli("check", "--output-format", "yaml", str(SEED)).code == 2


# --------------------------------------------------------------------------- --show-fixes
def test_show_fixes_without_fix_lists_what_fix_would_do_and_writes_nothing(tmp_path):
    bad = write(tmp_path / "two.py", TWO)
    run = cli("check", "--no-cache", "--show-fixes", "two.py", cwd=tmp_path)
    assert run.code == 1
    assert bad.read_text() == TWO
    assert "two.py:3:28: LG102" in run.out and "two.py:5:27: LG101" in run.out  # the report is the file as it is
    tail = run.out[run.out.index("Would fix"):].splitlines()
    assert tail == ["Would fix 1 finding in 1 file:", "- two.py:",
                    "    1 × LG102 (softmax-on-single-unit): use sigmoid instead of softmax",
                    "(1 more fix with --unsafe-fixes.)"]


def test_show_fixes_with_fix_lists_what_was_fixed(tmp_path):
    bad = write(tmp_path / "two.py", TWO)
    run = cli("check", "--no-cache", "--fix", "--unsafe-fixes", "--show-fixes", "two.py", cwd=tmp_path)
    assert run.code == 0, run.out + run.err
    assert 'activation="softmax"' not in bad.read_text()
    assert run.out.splitlines()[-4:] == [
        "Fixed 2 findings in 1 file:", "- two.py:",
        "    1 × LG101 (softmax-with-binary-crossentropy): use sigmoid instead of softmax",
        "    1 × LG102 (softmax-on-single-unit): use sigmoid instead of softmax"]


def test_show_fixes_with_diff_goes_to_stderr(tmp_path):
    write(tmp_path / "two.py", TWO)
    run = cli("check", "--no-cache", "--diff", "--show-fixes", "two.py", cwd=tmp_path)
    assert run.code == 1
    assert run.out.startswith("--- two.py\n+++ two.py\n")
    assert "Would fix 1 finding in 1 file:" in run.err and "1 × LG102" in run.err


# --------------------------------------------------------------------------- stdin --fix
def test_fix_from_stdin_counts_the_file_it_fixed():
    run = cli_subprocess("check", "--no-cache", "--fix", "--stdin-filename", "f.py", "-", input=TWO.encode())
    assert run.code == 1  # LG101 stays (its fix is unsafe)
    assert 'Dense(1, activation="sigmoid")' in run.out and run.out.startswith("from tensorflow import keras")
    assert "Fixed 1 finding in 1 file." in run.err and "in 0 files" not in run.err


# --------------------------------------------------------------------------- --add-noqa
NOQA_SOURCE = (
    "from tensorflow import keras\r\n"
    "a = keras.Sequential([keras.layers.Dense(1, activation=\"softmax\")])  # noqa: E501\r\n"
    "a.compile(loss=\"binary_crossentropy\")\r\n"
    "b = keras.Sequential([keras.layers.Dense(1, activation=\"softmax\")])   \r\n"
    "b.compile(loss=\"binary_crossentropy\")  # the loss\r\n"
    "c = keras.Sequential([keras.layers.Dense(1, activation=\"softmax\")])  # lossguard: ignore[LG3]\r\n"
    "c.compile(loss=\"binary_crossentropy\")\r\n"
    "d = keras.Sequential([keras.layers.Dense(10, activation=\"softmax\")]); d.compile(loss=\"binary_crossentropy\")\r\n"
    "e = keras.Sequential([keras.layers.Dense(1,\r\n"
    "    activation=\"softmax\")])\r\n"
    "e.compile(loss=\"binary_crossentropy\")\r\n"
)


def test_add_noqa_marks_each_reported_line_keeps_the_rest_and_is_idempotent(tmp_path):
    path = tmp_path / "old.py"
    path.write_bytes(NOQA_SOURCE.encode())
    before = cli("check", "--no-cache", "--format", "json", str(path)).json()
    assert sorted((f["line"], f["rule"]) for f in before) == [(2, "LG102"), (4, "LG102"), (6, "LG102"), (8, "LG101"), (9, "LG102")]
    run = cli("check", "--no-cache", "--add-noqa", str(path))
    assert run.code == 0, run.err
    assert "Added 5 noqa directives." in run.err
    after = path.read_bytes().decode()
    old_lines, new_lines = NOQA_SOURCE.split("\r\n"), after.split("\r\n")  # CRLF kept on every line
    assert len(old_lines) == len(new_lines) and "\n" not in after.replace("\r\n", "")
    changed = {i + 1: new for i, (old, new) in enumerate(zip(old_lines, new_lines)) if old != new}
    assert changed == {
        2: 'a = keras.Sequential([keras.layers.Dense(1, activation="softmax")])  # noqa: E501, LG102',
        4: 'b = keras.Sequential([keras.layers.Dense(1, activation="softmax")])  # noqa: LG102',
        6: 'c = keras.Sequential([keras.layers.Dense(1, activation="softmax")])  # lossguard: ignore[LG3, LG102]',
        8: 'd = keras.Sequential([keras.layers.Dense(10, activation="softmax")]); d.compile(loss="binary_crossentropy")'
           '  # noqa: LG101',
        9: 'e = keras.Sequential([keras.layers.Dense(1,  # noqa: LG102',  # inside brackets: a comment may end it
    }
    assert cli("check", "--no-cache", str(path)).code == 0  # everything reported is now silenced
    again = cli("check", "--no-cache", "--add-noqa", str(path))
    assert again.code == 0 and "Added 0 noqa directives." in again.err
    assert path.read_bytes().decode() == after  # idempotent, byte for byte


def test_add_noqa_never_writes_inside_a_string_or_after_a_backslash(tmp_path):
    source = (
        'from tensorflow import keras\n'
        'model = keras.Sequential([keras.layers.Dense(1, activation="softmax", name="""head\n'
        '""")])\n'
        'model.compile(loss="binary_crossentropy")\n'
        'other = keras.Sequential([keras.layers.Dense(1, activation="softmax")]) \\\n'
        '    if True else None\n'
        'other.compile(loss="binary_crossentropy")\n'
    )
    path = write(tmp_path / "strings.py", source)
    assert [f["line"] for f in cli("check", "--no-cache", "--format", "json", str(path)).json()] == [2, 5]
    run = cli("check", "--no-cache", "--add-noqa", str(path))
    assert run.code == 1  # two findings could not be silenced: said, and the exit status shows it
    assert path.read_text() == source  # nothing changed, no comment inside the string
    assert "strings.py:2: cannot hold a comment" in run.err and "strings.py:5: cannot hold a comment" in run.err
    assert "Added 0 noqa directives." in run.err


def test_add_noqa_in_a_notebook_edits_only_the_reported_cell_line(tmp_path):
    nb = notebook(tmp_path / "nb.ipynb", [
        ("markdown", "# A binary classifier\n"),
        ("code", "%matplotlib inline\nfrom tensorflow import keras\nx = 1"),
        ("code", 'model = keras.Sequential([\n    keras.layers.Dense(1, activation="softmax"),\n])\n'
                 'model.compile(loss="binary_crossentropy")'),
    ])
    before = nb.read_text()
    [finding] = cli("check", "--no-cache", "--format", "json", str(nb)).json()
    assert (finding["cell"], finding["line"], finding["rule"]) == (3, 2, "LG102")
    run = cli("check", "--no-cache", "--add-noqa", str(nb))
    assert run.code == 0 and "Added 1 noqa directive." in run.err
    after = nb.read_text()
    diff = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(before.splitlines()) == len(after.splitlines())
    assert diff == [('    "    keras.layers.Dense(1, activation=\\"softmax\\"),\\n",',
                     '    "    keras.layers.Dense(1, activation=\\"softmax\\"),  # noqa: LG102\\n",')]
    assert json.loads(after)["cells"][1]["source"][0] == "%matplotlib inline\n"  # the magic is untouched
    assert cli("check", "--no-cache", str(nb)).code == 0
    assert cli("check", "--no-cache", "--add-noqa", str(nb)).code == 0 and nb.read_text() == after


def test_add_noqa_refuses_stdin_and_fix():
    assert cli("check", "--add-noqa", "--fix", str(SEED)).code == 2
    run = cli("check", "--add-noqa", "--stdin-filename", "x.py", "-", input=BAD_KERAS)
    assert run.code == 2 and "--add-noqa" in run.err


# --------------------------------------------------------------------------- --diff on notebooks
def test_diff_on_a_notebook_names_the_cell_and_numbers_its_lines(tmp_path):
    notebook(tmp_path / "nb.ipynb", [
        ("markdown", "# A binary classifier\n"),
        ("code", "import numpy as np\nfrom tensorflow import keras\n"),
        ("code", '%matplotlib inline\nmodel = keras.Sequential([keras.layers.Dense(1, activation="softmax")])\n'
                 'model.compile(loss="binary_crossentropy")'),
    ])
    run = cli("check", "--no-cache", "--diff", "nb.ipynb", cwd=tmp_path)
    assert run.code == 1
    assert run.out.splitlines() == [
        "--- nb.ipynb:cell 3",
        "+++ nb.ipynb:cell 3",
        "@@ -1,3 +1,3 @@",
        " %matplotlib inline",  # as written in the cell, not the masked program
        '-model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])',
        '+model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])',
        ' model.compile(loss="binary_crossentropy")',
    ]


# --------------------------------------------------------------------------- non-Python files
def test_a_non_python_file_named_explicitly_is_skipped_with_one_line(tmp_path):
    readme = write(tmp_path / "README.md", "# Notes — keras softmax + binary_crossentropy\n")
    run = cli("check", "--no-cache", str(readme))
    assert run.code == 0 and "LG000" not in run.out
    assert run.err.splitlines() == [f"lossguard: {readme}: skipped: not a Python file or notebook (.py, .pyi, .pyw, .ipynb)"]
    bad = write(tmp_path / "bad.py", BAD_KERAS)
    both = cli("check", "--no-cache", str(readme), str(bad))
    assert both.code == 1 and "bad.py:3:70: LG101" in both.out and "skipped" in both.err
    fixing = cli("check", "--no-cache", "--fix", str(readme))
    assert fixing.code == 0 and "skipped" in fixing.err


def test_stdin_filename_and_configuration_say_otherwise(tmp_path):
    # what the editor sends is checked, whatever its name
    run = cli("check", "--no-cache", "--format", "json", "--stdin-filename", "model.md", "-", input=BAD_KERAS)
    assert run.code == 1 and [f["rule"] for f in run.json()] == ["LG101"]
    # extension = { pyx = "python" }: such files are checked when named and when a folder is walked
    write(tmp_path / "pyproject.toml", '[tool.lossguard]\nextension = { pyx = "python" }\n')
    write(tmp_path / "pkg" / "model.pyx", BAD_KERAS)
    named = cli("check", "--no-cache", "--format", "json", "pkg/model.pyx", cwd=tmp_path)
    assert named.code == 1 and [f["path"] for f in named.json()] == ["pkg/model.pyx"]
    walked = cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert [f["path"] for f in walked.json()] == ["pkg/model.pyx"]
    write(tmp_path / "pyproject.toml", '[tool.lossguard]\nextension = { pyx = "cython" }\n')
    assert cli("check", "--no-cache", "pkg/model.pyx", cwd=tmp_path).code == 2


def test_a_script_without_extension_is_checked(tmp_path):
    script = write(tmp_path / "train", "#!/usr/bin/env python\n" + BAD_KERAS)
    run = cli("check", "--no-cache", "--format", "json", str(script))
    assert run.code == 1 and [f["rule"] for f in run.json()] == ["LG101"]


# --------------------------------------------------------------------------- superseded findings
def test_superseded_findings_are_counted_and_shown_on_request(tmp_path):
    run = cli("check", "--no-cache", str(SEED))
    assert run.code == 1
    assert run.out.splitlines()[-1] == ("1 more finding superseded by a more specific one at the same place "
                                        "(LG301 by LG302): --show-superseded lists it.")
    assert "LG301" not in run.out.replace("(LG301 by LG302)", "")
    shown = cli("check", "--no-cache", "--show-superseded", str(SEED))
    assert shown.code == 1
    assert any(line.startswith("fixtures/seed_autoencoder.py:27:1: LG301 [superseded by LG302] images with pixel values")
               or line.endswith(":27:1: LG301 [superseded by LG302] images with pixel values 0..255 reach the model "
                                "without scaling to [0, 1]") for line in shown.out.splitlines())
    assert "Found 2 findings (2 errors, 0 warnings)" in shown.out  # not counted


def test_superseded_in_json_only_behind_the_flag(tmp_path):
    plain = cli("check", "--no-cache", "--format", "json", str(SEED))
    assert [f["rule"] for f in plain.json()] == ["LG101", "LG302"]  # the contract: the reported findings
    assert all("superseded_by" not in f for f in plain.json())
    shown = cli("check", "--no-cache", "--format", "json", "--show-superseded", str(SEED))
    assert shown.code == 1
    findings = shown.json()
    assert isinstance(findings, list) and [f["rule"] for f in findings] == ["LG101", "LG301", "LG302"]
    lg301 = findings[1]
    assert lg301["superseded_by"] == "LG302" and (lg301["line"], lg301["column"]) == (27, 1)
    for key in ("rule", "name", "severity", "path", "line", "column", "message"):
        assert key in lg301


def test_superseded_count_survives_the_cache(tmp_path):
    seed = write(tmp_path / "seed.py", SEED.read_text())
    cache = tmp_path / "cache"
    first = cli("check", "--cache-dir", str(cache), str(seed))
    second = cli("check", "--cache-dir", str(cache), str(seed))
    assert first.out == second.out and "(LG301 by LG302)" in second.out
    shown = cli("check", "--cache-dir", str(cache), "--format", "json", "--show-superseded", str(seed))
    assert [f["rule"] for f in shown.json()] == ["LG101", "LG301", "LG302"]


# --------------------------------------------------------------------------- explain
def test_explain_by_name_or_code():
    by_code = cli("explain", "LG102")
    by_name = cli("explain", "softmax-on-single-unit")
    assert by_code.code == by_name.code == 0 and by_code.out == by_name.out
    assert cli("explain", "SOFTMAX_ON_SINGLE_UNIT").out == by_code.out
    unknown = cli("explain", "softmax-everywhere")
    assert unknown.code == 2 and "unknown rule 'softmax-everywhere'" in unknown.err


def test_explain_prints_markdown_when_piped_and_json_on_request():
    piped = cli_subprocess("explain", "LG102")
    assert piped.code == 0
    assert piped.out.startswith("# LG102 softmax-on-single-unit (error)\n") and "```python" in piped.out
    data = json.loads(cli("explain", "LG102", "--format", "json").out)
    assert data["code"] == "LG102" and data["name"] == "softmax-on-single-unit" and data["fixable"] == "safe"
    assert data["explanation"] == piped.out
    text = cli("explain", "LG102", "--format", "text").out
    assert "```" not in text and "# " not in text.splitlines()[0]
    assert text.splitlines()[:2] == ["LG102 softmax-on-single-unit (error)", "=" * 36]
    assert "\nWhat it does\n------------\n" in text and "\x1b[" not in text
    assert '\n    model.add(Dense(1, activation="softmax"))  # <- LG102\n' in text  # code blocks indented


def test_explain_renders_for_a_terminal():
    status, out = run_tty(["explain", "LG102"], env=clean_env())
    assert status == 0
    assert "```" not in out and not out.startswith("#")
    assert "\x1b[1;4mLG102 softmax-on-single-unit (error)\x1b[0m" in out  # the title
    assert "\x1b[1mWhat it does\x1b[0m" in out  # headings bold, without their marks
    assert '\x1b[36m    model.add(Dense(1, activation="softmax"))  # <- LG102\x1b[0m' in out  # code
    status, plain = run_tty(["explain", "LG102"], env=clean_env(NO_COLOR="1"))
    assert status == 0 and "\x1b[" not in plain and "What it does\n------------" in plain
    status, raw = run_tty(["explain", "LG102", "--format", "markdown"], env=clean_env())
    assert raw.startswith("# LG102") and "```python" in raw


# --------------------------------------------------------------------------- --color
@pytest.mark.parametrize("args, env, colored", [
    ([], {}, True),                                      # auto, a terminal
    ([], {"NO_COLOR": "1"}, False),                      # NO_COLOR wins over auto
    ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),  # ... and over FORCE_COLOR (CPython's order)
    ([], {"TERM": "dumb"}, False),
    (["--color", "never"], {"FORCE_COLOR": "1"}, False),  # the option overrides the environment
    (["--color", "always"], {"NO_COLOR": "1"}, True),
])
def test_color_on_a_terminal(args, env, colored):
    status, out = run_tty(["check", "--no-cache", *args, str(SEED)], env=clean_env(**env))
    assert status == 1 and "LG101" in out
    assert bool(ANSI.search(out)) is colored
    assert ANSI.sub("", out).startswith("fixtures/seed_autoencoder.py:19:10: LG101") or ":19:10: LG101" in ANSI.sub("", out)


@pytest.mark.parametrize("args, env, colored", [
    ([], {}, False),                           # auto, piped
    ([], {"FORCE_COLOR": "1"}, True),          # FORCE_COLOR forces colour
    ([], {"CLICOLOR_FORCE": "1"}, True),
    ([], {"FORCE_COLOR": ""}, False),          # empty means unset
    (["--color", "always"], {}, True),
    (["--color", "never"], {"FORCE_COLOR": "1"}, False),
])
def test_color_when_piped(args, env, colored):
    run = cli_subprocess("check", "--no-cache", *args, str(SEED), env=clean_env(**env))
    assert run.code == 1
    assert bool(ANSI.search(run.out)) is colored


def test_a_report_file_is_never_colored(tmp_path):
    out = tmp_path / "report.txt"
    run = cli_subprocess("check", "--no-cache", "--color", "always", "-o", str(out), str(SEED), env=clean_env(FORCE_COLOR="1"))
    assert run.code == 1 and "LG101" in out.read_text() and not ANSI.search(out.read_text())


# --------------------------------------------------------------------------- --help
def test_help_shows_each_command_summary_in_full():
    run = cli("--help")
    assert run.code == 0
    commands = run.out[run.out.index("Commands:"):]
    summary = " ".join(commands.split())
    assert "explain Show a rule's documentation and examples, by code or by name." in summary
    assert "..." not in commands and "(e.g." not in commands
    assert "probe Prove each fix on a tiny reference model: train it as written and fixed, measured side by side." in summary


def test_readme_shows_every_new_option():
    readme = (ROOT / "README.md").read_text()
    for option in ("--statistics", "--output-format", "--show-fixes", "--add-noqa", "--color", "--show-superseded",
                   "lossguard explain softmax-on-single-unit", "explain LG101 --format", "extension = {", "NO_COLOR",
                   "FORCE_COLOR", "nb.ipynb:cell"):
        assert option in readme, option
