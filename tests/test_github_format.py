"""`lossguard check --format github`: GitHub Actions workflow commands, exact lines and escaping."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lossguard.findings.model import FileProblem, Finding
from lossguard.reporting.github import escape_data, escape_property
from lossguard.reporting.github import report as github_report

DATA = Path(__file__).resolve().parent / "data" / "reporting"


def finding(**overrides) -> Finding:
    values = dict(rule="LG101", name="softmax-with-binary-crossentropy", severity="error", path="model.py",
                  line=19, column=10, end_line=19, end_column=42, message="softmax over 784 units")
    values.update(overrides)
    return Finding(**values)


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lossguard", "check", "--no-cache", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def test_escaping_follows_the_actions_runner():
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert escape_data("%0A") == "%250A"  # '%' first, so an existing escape is not decoded by the runner


def test_error_and_warning_lines():
    out = github_report([
        finding(),
        finding(rule="LG401", name="accuracy-metric-with-regression-loss", severity="warning", path="reg.py",
                line=4, column=54, end_line=4, end_column=64, message='"accuracy" on a regression'),
    ], [], {})
    assert out.splitlines() == [
        "::error file=model.py,line=19,col=10,endLine=19,endColumn=42,"
        "title=LG101 (softmax-with-binary-crossentropy)::softmax over 784 units",
        "::warning file=reg.py,line=4,col=54,endLine=4,endColumn=64,"
        'title=LG401 (accuracy-metric-with-regression-loss)::"accuracy" on a regression',
    ]


def test_special_characters_in_paths_and_messages():
    out = github_report([finding(path="runs,v2/exp:1/100%.py", message="loss: 50% lower,\nthen NaN\r")], [], {})
    assert out == ("::error file=runs%2Cv2/exp%3A1/100%25.py,line=19,col=10,endLine=19,endColumn=42,"
                   "title=LG101 (softmax-with-binary-crossentropy)::loss: 50%25 lower,%0Athen NaN%0D\n")


def test_multi_line_and_open_ended_ranges():
    """GitHub accepts columns only on single-line annotations."""
    out = github_report([finding(line=3, column=5, end_line=6, end_column=2),
                         finding(path="b.py", line=7, column=1, end_line=None, end_column=None)], [], {})
    assert out.splitlines() == [
        "::error file=b.py,line=7,col=1,title=LG101 (softmax-with-binary-crossentropy)::softmax over 784 units",
        "::error file=model.py,line=3,endLine=6,title=LG101 (softmax-with-binary-crossentropy)::softmax over 784 units",
    ]


def test_notebook_finding_names_the_cell_and_points_into_the_file(tmp_path):
    shutil.copy(DATA / "tagger.ipynb", tmp_path / "tagger.ipynb")
    proc = run(tmp_path, "--format", "github", "tagger.ipynb")
    assert proc.returncode == 1, proc.stderr
    message = json.loads(run(tmp_path, "--format", "json", "tagger.ipynb").stdout)[0]["message"]
    assert proc.stdout == (
        "::error file=tagger.ipynb,line=26,col=21,endLine=26,endColumn=46,title=LG104 (activation-before-logits-loss)"
        f"::cell 2, line 11: {escape_data(message)}\n")
    # an unreadable notebook (e.g. from stdin) still names the cell, as a file-level annotation
    out = github_report([finding(path="gone.ipynb", cell=2, line=11, column=16, end_line=11, end_column=41)], [], {})
    assert out == "::error file=gone.ipynb,title=LG101 (softmax-with-binary-crossentropy)::cell 2, line 11: softmax over 784 units\n"


def test_cli_lines_match_the_json_findings(tmp_path):
    for name in ("autoencoder.py", "regression.py", "clean.py"):
        shutil.copy(DATA / name, tmp_path / name)
    odd = "exp,1:final.py"
    shutil.copy(DATA / "autoencoder.py", tmp_path / odd)
    args = ("autoencoder.py", "regression.py", "clean.py", odd)
    proc = run(tmp_path, "--format", "github", *args)
    assert proc.returncode == 1, proc.stderr
    expected = []
    findings = json.loads(run(tmp_path, "--format", "json", *args).stdout)
    # annotations are sorted by path, line, column (independent of the order of the arguments)
    for f in sorted(findings, key=lambda f: (f["path"], f["line"], f["column"], f["rule"])):
        expected.append(f"::{f['severity']} file={escape_property(f['path'])},line={f['line']},col={f['column']},"
                        f"endLine={f['end_line']},endColumn={f['end_column']},title={f['rule']} ({f['name']})"
                        f"::{escape_data(f['message'])}")
    assert proc.stdout.splitlines() == expected
    assert [line.split(",")[0] for line in expected] == [
        "::error file=autoencoder.py", "::error file=exp%2C1%3Afinal.py", "::warning file=regression.py"]
    assert "line=6,col=11,endLine=6,endColumn=43,title=LG101 (softmax-with-binary-crossentropy)::" in expected[0]


def test_clean_file_prints_nothing(tmp_path):
    shutil.copy(DATA / "clean.py", tmp_path / "clean.py")
    proc = run(tmp_path, "--format", "github", "clean.py")
    assert (proc.returncode, proc.stdout) == (0, "")


def test_unreadable_file_is_annotated(tmp_path):
    proc = run(tmp_path, "--format", "github", "missing.py")
    assert proc.returncode == 2
    assert proc.stdout == "::error file=missing.py,title=lossguard (file not checked)::no such file or directory\n"
    assert github_report([], [FileProblem("a,b.py", "cannot decode: 50%")], {}) == (
        "::error file=a%2Cb.py,title=lossguard (file not checked)::cannot decode: 50%25\n")


@pytest.mark.parametrize("severity,command", [("error", "::error "), ("warning", "::warning ")])
def test_severity_maps_to_the_command(severity, command):
    assert github_report([finding(severity=severity)], [], {}).startswith(command)
