"""Score lossguard against every labelled corpus of the repository: the shared development corpus
(tests/corpus/, tests/corpus_notebooks/) and the independent program corpora (tests/programs/,
tests/programs_notebooks/), written black-box in other styles.

tests/programs/expected.toml lists every file of tests/programs/cases/ with the findings a correct
analyser reports for it (rule code + every acceptable line). lossguard runs once, in a subprocess,
as `python -m lossguard check --format json tests/programs/cases`, and its findings are matched
exactly like the maintainers' corpus scorer does:

  - a finding whose rule equals an expectation's rule and whose line is one of its `lines` (and, in a
    notebook, whose `cell` equals the expectation's `cell`) is a true positive; further findings for an
    already matched expectation are duplicates, not false positives;
  - every other finding is a false positive;
  - an expectation that no finding matched is a miss.

There is one test per case file (no miss, no false positive), plus checks that the corpus and
expected.toml agree and that lossguard reports nothing for unlisted files. A summary line
`precision P recall R (tp T, fp F, miss M)` is printed at the end of the session.

tests/programs_notebooks/ (Jupyter notebooks; each expectation also has a `cell`, 1-based among all
cells) is scored the same way, with its own lossguard run and summary line.

Run it alone:   .venv/bin/python -m pytest -q tests/test_program_corpus.py
or as a script: .venv/bin/python tests/test_program_corpus.py   (prints every miss / false positive)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "programs"
CASES = CORPUS / "cases"
CASES_ARG = os.path.join("tests", "programs", "cases")
# corpus name -> (folder under tests/, case-file suffixes it holds, label of its summary line)
CORPORA = {
    "dev": (ROOT / "tests" / "corpus", (".py",), "dev corpus"),
    "dev_notebooks": (ROOT / "tests" / "corpus_notebooks", (".ipynb",), "dev notebook corpus"),
    "programs": (CORPUS, (".py", ".ipynb"), "program corpus"),
    "programs_notebooks": (ROOT / "tests" / "programs_notebooks", (".ipynb",), "program notebook corpus"),
}


def load_expectations(corpus: Path = CORPUS) -> dict[str, list[dict]]:
    data = tomllib.loads((corpus / "expected.toml").read_text())
    cases = {}
    for case in data["case"]:
        assert case["file"] not in cases, f"{case['file']} listed twice in expected.toml"
        cases[case["file"]] = case.get("expect", [])
    return cases


EXPECTATIONS = load_expectations()
ALL_EXPECTATIONS = {name: (EXPECTATIONS if folder == CORPUS else load_expectations(folder))
                    for name, (folder, _, _) in CORPORA.items()}


@dataclass
class LossguardRun:
    ok: bool
    error: str = ""
    by_file: dict[str, list[dict]] = field(default_factory=dict)


@cache
def run_lossguard(corpus: str = "programs") -> LossguardRun:
    cases = CORPORA[corpus][0] / "cases"
    env = dict(os.environ, LOSSGUARD_DEBUG="1")
    argv = [sys.executable, "-m", "lossguard", "check", "--format", "json", "--no-cache", "--isolated",
            os.path.relpath(cases, ROOT)]
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode not in (0, 1):
        return LossguardRun(False, f"`{' '.join(argv[1:])}` exited {proc.returncode}\n"
                                   f"stderr:\n{proc.stderr[-4000:]}\nstdout:\n{proc.stdout[:2000]}")
    try:
        findings = json.loads(proc.stdout)
    except json.JSONDecodeError as err:
        return LossguardRun(False, f"output is not JSON ({err}):\n{proc.stdout[:2000]}\n{proc.stderr[-2000:]}")
    if not isinstance(findings, list):
        return LossguardRun(False, f"JSON output is not a list of findings: {str(findings)[:500]}")
    by_file: dict[str, list[dict]] = {}
    for f in findings:
        path = Path(f["path"])
        if not path.is_absolute():
            path = ROOT / path
        name = os.path.relpath(os.path.abspath(path), cases)
        by_file.setdefault(name, []).append(f)
    return LossguardRun(True, by_file=by_file)


@dataclass
class CaseScore:
    tp: int = 0
    dup: int = 0
    false_positives: list[dict] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)


def score_case(expects: list[dict], got: list[dict]) -> CaseScore:
    score = CaseScore()
    hit = [False] * len(expects)
    for f in sorted(got, key=lambda f: (f.get("cell") or 0, f["line"])):
        for i, e in enumerate(expects):
            if f["rule"] == e["rule"] and f["line"] in e["lines"] and f.get("cell") == e.get("cell"):
                if hit[i]:
                    score.dup += 1
                else:
                    hit[i] = True
                    score.tp += 1
                break
        else:
            score.false_positives.append(f)
    score.misses = [e for i, e in enumerate(expects) if not hit[i]]
    return score


def fmt_finding(f: dict) -> str:
    cell = f"cell {f['cell']} " if f.get("cell") is not None else ""
    return f"{f['rule']} at {cell}line {f['line']}: {str(f.get('message', ''))[:160]}"


def fmt_expect(e: dict) -> str:
    cell = f"cell {e['cell']} " if e.get("cell") is not None else ""
    return f"{e['rule']} at {cell}one of lines {e['lines']}"


def totals(run: LossguardRun, expectations: dict[str, list[dict]] = EXPECTATIONS) -> tuple[int, int, int, int]:
    tp = fp = miss = dup = 0
    for name, expects in expectations.items():
        s = score_case(expects, run.by_file.get(name, []))
        tp, fp, miss, dup = tp + s.tp, fp + len(s.false_positives), miss + len(s.misses), dup + s.dup
    fp += sum(len(v) for k, v in run.by_file.items() if k not in expectations)
    return tp, fp, miss, dup


def summary_line(run: LossguardRun, corpus: str = "programs") -> str:
    label, expectations = CORPORA[corpus][2], ALL_EXPECTATIONS[corpus]
    if not run.ok:
        return f"{label}: lossguard did not run (see failures)"
    tp, fp, miss, dup = totals(run, expectations)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + miss) if tp + miss else 0.0
    return (f"{label}: precision {precision:.3f} recall {recall:.3f} "
            f"(tp {tp}, fp {fp}, miss {miss}; dup {dup}, files {len(expectations)})")


@pytest.fixture(scope="module")
def lossguard_runs(request):
    runs = {corpus: run_lossguard(corpus) for corpus in CORPORA}

    def report():
        lines = [summary_line(run, corpus) for corpus, run in runs.items()]
        plugins = request.config.pluginmanager
        reporter = plugins.get_plugin("terminalreporter")
        capture = plugins.get_plugin("capturemanager")
        if reporter is None:
            for line in lines:
                print(line, file=sys.__stderr__)
        elif capture is None:
            for line in lines:
                reporter.write_line(line)
        else:  # teardown output is captured at the fd level unless capture is suspended
            with capture.global_and_fixture_disabled():
                reporter.write_line("")
                for line in lines:
                    reporter.write_line(line)

    request.addfinalizer(report)
    for corpus, run in runs.items():
        if not run.ok:
            pytest.fail(f"lossguard failed on the {CORPORA[corpus][2]}: {run.error}", pytrace=False)
    return runs


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_corpus_matches_expected_toml(corpus):
    folder, suffixes, _ = CORPORA[corpus]
    on_disk = {p.name for p in (folder / "cases").iterdir() if p.suffix in suffixes}
    listed = set(ALL_EXPECTATIONS[corpus])
    assert not on_disk - listed, f"case files missing from expected.toml: {sorted(on_disk - listed)}"
    assert not listed - on_disk, f"expected.toml names files that do not exist: {sorted(listed - on_disk)}"


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_no_findings_outside_listed_cases(lossguard_runs, corpus):
    extra = {k: v for k, v in lossguard_runs[corpus].by_file.items() if k not in ALL_EXPECTATIONS[corpus]}
    assert not extra, "findings for files not listed in expected.toml:\n" + "\n".join(
        f"  {k}: {fmt_finding(f)}" for k, v in sorted(extra.items()) for f in v)


@pytest.mark.parametrize("corpus,case_file", [(c, f) for c in sorted(CORPORA) for f in sorted(ALL_EXPECTATIONS[c])])
def test_program_case(lossguard_runs, corpus, case_file):
    expects = ALL_EXPECTATIONS[corpus][case_file]
    got = lossguard_runs[corpus].by_file.get(case_file, [])
    score = score_case(expects, got)
    if not score.misses and not score.false_positives:
        return
    lines = [f"{case_file}:"]
    lines.append("  expected: " + ("nothing (correct code)" if not expects else
                                   "; ".join(fmt_expect(e) for e in expects)))
    lines.append("  reported: " + ("nothing" if not got else ""))
    lines += [f"    {fmt_finding(f)}" for f in sorted(got, key=lambda f: (f.get("cell") or 0, f["line"]))]
    lines += [f"  MISS           {fmt_expect(e)}" for e in score.misses]
    lines += [f"  FALSE POSITIVE {fmt_finding(f)}" for f in score.false_positives]
    pytest.fail("\n".join(lines), pytrace=False)


if __name__ == "__main__":
    status = 0
    for corpus, expectations in ALL_EXPECTATIONS.items():
        result = run_lossguard(corpus)
        if not result.ok:
            print(result.error)
            status = 2
            continue
        for name, expects in sorted(expectations.items()):
            s = score_case(expects, result.by_file.get(name, []))
            for e in s.misses:
                print(f"MISS           {name}: {fmt_expect(e)}")
            for f in s.false_positives:
                print(f"FALSE POSITIVE {name}:{f['line']} {fmt_finding(f)}")
        for name, rest in sorted(result.by_file.items()):
            if name not in expectations:
                for f in rest:
                    print(f"FALSE POSITIVE {name}:{f['line']} {fmt_finding(f)} (file not in expected.toml)")
        print(summary_line(result, corpus))
    sys.exit(status)
