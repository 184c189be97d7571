"""Score lossguard on the labelled corpus of multi-file projects (tests/projects/).

Each project is a folder tests/projects/<name>/ laid out as real repositories are (flat scripts plus
models.py, packages with relative imports, src/ layouts, re-exports through __init__.py, model
registries, config modules, notebooks importing local modules...). tests/projects/expected.toml
lists every project:

    [[project]]
    name = "flat_models_softmax_ce"
    check = ["train.py"]      # what to pass to `lossguard check` (relative to the project; default ".")
    expect = [
      { rule = "LG104", path = "models.py", lines = [14], related = ["train.py"] },
    ]
    flat = true               # optional: tests/projects_flat/<name>.py is the same program in one file;
                              # it must report the same rules

lossguard runs once per project, in a subprocess, from the project folder:
`python -m lossguard check --format json --no-cache --isolated <check...>`. A finding matches an
expectation when its rule and path are equal, its line is one of `lines` and (when given) every path in
`related` is the path of one of its related locations; other findings are false positives, unmatched
expectations are misses. `expect = []` is a correct project: any finding is a false positive.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = ROOT / "tests" / "projects"
FLAT_DIR = ROOT / "tests" / "projects_flat"


def load_projects() -> list[dict]:
    path = PROJECTS / "expected.toml"
    if not path.exists():
        return []
    return tomllib.loads(path.read_text()).get("project", [])


ALL = load_projects()


@cache
def run(name: str, check: tuple[str, ...], folder: Path = PROJECTS) -> list[dict]:
    env = dict(os.environ, LOSSGUARD_DEBUG="1")
    cwd = folder / name if folder == PROJECTS else folder
    proc = subprocess.run([sys.executable, "-m", "lossguard", "check", "--format", "json", "--no-cache",
                           "--isolated", *check], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode in (0, 1), f"exit {proc.returncode}\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout)


def score(expects: list[dict], got: list[dict]) -> tuple[int, list[dict], list[dict]]:
    hit = [False] * len(expects)
    false_positives = []
    for finding in got:
        related = {r["path"] for r in finding.get("related", [])}
        for i, e in enumerate(expects):
            if (finding["rule"] == e["rule"] and finding["path"] == e["path"] and finding["line"] in e["lines"]
                    and set(e.get("related", [])) <= related):
                hit[i] = True
                break
        else:
            false_positives.append(finding)
    misses = [e for e, h in zip(expects, hit) if not h]
    return sum(hit), false_positives, misses


def _describe(findings: list[dict]) -> str:
    return "\n".join(f"  {f['path']}:{f['line']}: {f['rule']} {f['message']}" for f in findings)


@pytest.mark.parametrize("project", ALL, ids=[p["name"] for p in ALL])
def test_project(project):
    got = run(project["name"], tuple(project.get("check", ["."])))
    tp, fps, misses = score(project.get("expect", []), got)
    assert not misses and not fps, (f"misses: {misses}\nfalse positives:\n{_describe(fps)}\n"
                                    f"all findings:\n{_describe(got)}")


FLAT = [p for p in ALL if p.get("flat")]


@pytest.mark.parametrize("project", FLAT, ids=[p["name"] for p in FLAT])
def test_flattened_program_gives_the_same_findings(project):
    """The same program written as one file reports the same rules as the project does."""
    got = run(project["name"], tuple(project.get("check", ["."])))
    flat = run(project["name"], (project["name"] + ".py",), FLAT_DIR)
    assert sorted(f["rule"] for f in got) == sorted(f["rule"] for f in flat)


def test_corpus_is_large_and_mixed():
    assert len(ALL) >= 30
    assert sum(1 for p in ALL if not p.get("expect")) >= 10, "correct projects (false-positive traps)"
    assert sum(1 for p in ALL if p.get("expect")) >= 15, "buggy projects"
    for project in ALL:
        assert (PROJECTS / project["name"]).is_dir(), project["name"]
    listed = {p["name"] for p in ALL}
    on_disk = {d.name for d in PROJECTS.iterdir() if d.is_dir()}
    assert on_disk == listed, f"not listed: {on_disk - listed}; missing: {listed - on_disk}"


def pytest_terminal_summary_line() -> str:
    tp = fp = miss = 0
    for project in ALL:
        got = run(project["name"], tuple(project.get("check", ["."])))
        t, f, m = score(project.get("expect", []), got)
        tp, fp, miss = tp + t, fp + len(f), miss + len(m)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + miss) if tp + miss else 1.0
    return f"project corpus: precision {precision:.3f} recall {recall:.3f} (tp {tp}, fp {fp}, miss {miss}; projects {len(ALL)})"


if __name__ == "__main__":
    print(pytest_terminal_summary_line())


def test_results_do_not_depend_on_the_order_files_are_checked():
    """Every project checked in one run, its files named in sorted and in reversed order, on one
    core and on two: the same findings (a module analysed first as a program of its own, or first
    as an import of another, must not change what is found)."""
    files = sorted(str(p.relative_to(PROJECTS)) for p in PROJECTS.rglob("*") if p.suffix in (".py", ".ipynb"))
    outputs = []
    for order, jobs in ((files, "1"), (files[::-1], "1"), (files[::-1], "2")):
        proc = subprocess.run([sys.executable, "-m", "lossguard", "check", "--format", "json", "--no-cache",
                               "--isolated", "-j", jobs, *order], cwd=PROJECTS, capture_output=True, text=True,
                              timeout=600)
        assert proc.returncode in (0, 1), proc.stderr[-2000:]
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert json.loads(outputs[0]), "the corpus has findings"
