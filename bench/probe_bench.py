"""Benchmark of `lossguard probe`: every scenario on every backend where the rule applies, its wall time,
its verdict and the measured difference between the as-written and the fixed run.

Each measurement is a fresh `python -m lossguard probe FILE --rule CODE --backend B --format json` process,
so it includes the interpreter start, the static check, the framework import, both training runs and,
when Keras on TensorFlow hides the mistake, the extra run on Keras' torch backend (a child process).
The code probed is each rule's own INVALID example from the catalogue (rules/), plus the bundled seed
example. Budgets: <= 10 s per scenario with torch, <= 30 s with Keras. Goal: every error-severity rule
shows a measurable difference (on any measure) on at least one backend.

    .venv/bin/python bench/probe_bench.py                 # every scenario, both backends
    .venv/bin/python bench/probe_bench.py --backend torch  # one backend
    .venv/bin/python bench/probe_bench.py --rule LG101 --repeat 3
    .venv/bin/python bench/probe_bench.py --rule LG104 --classes 1000   # a 1000-class head

It is a script, not a test: timings depend on the machine and its load (the load average is printed;
the CPU column, user + system seconds of the probe's process tree, depends much less on other load).
Exit status 1 when a scenario exceeds its budget or fails to run, or an error-severity rule shows no
measurable difference on any backend.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from typing import Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

BUDGET = {"torch": 10.0, "keras": 30.0}


def cases(backends: list[str], rules: list[str], classes: Optional[int] = None) -> list[tuple[str, str, str, str]]:
    """(rule, backend, label, code) for each scenario and backend, from the rules' invalid examples."""
    from lossguard.probe.experiment import framework_backend, plan_job
    from lossguard.probe.scenarios import SCENARIOS
    from lossguard.rules import load_rules
    from lossguard.testing import check_code

    out = []
    seed = os.path.join(ROOT, "fixtures", "seed_autoencoder.py")
    with open(seed, encoding="utf-8") as handle:
        seed_code = handle.read()
    examples = {rule.code: rule.invalid for rule in load_rules()}
    for code, scenario in SCENARIOS.items():
        if rules and not any(code.startswith(r) for r in rules):
            continue
        for backend in backends:
            if backend not in scenario.backends:
                continue
            found = None
            candidates = [("seed_autoencoder.py", seed_code)] if code == "LG101" else []
            candidates += [(f"{code} example {i}", ex.code) for i, ex in enumerate(examples.get(code, []))]
            ranked = []
            for label, source in candidates:
                finding = next((f for f in check_code(source) if f.rule == code), None)
                if finding is None or isinstance(plan_job(code, finding.facts, backend, classes=classes), str):
                    continue
                native = framework_backend(finding.facts.get("framework")) == backend
                ranked.append((not native, label, source))
            if ranked:
                ranked.sort(key=lambda item: item[0])
                found = ranked[0][1:]
            if found is None:
                print(f"warning: no example of {code} can be probed with {backend}", file=sys.stderr)
                continue
            out.append((code, backend, found[0], found[1]))
    return out


def _g(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 1e4 else f"{value:.2e}"


def difference(exp: dict) -> str:
    """The measured difference in a few words: the task metric, then every measure that differs."""
    written, fixed = exp["as_written"], exp["fixed"]
    if written["failed"] and fixed["failed"]:
        return "both fail"
    if written["failed"]:
        return f"as written fails at step {written['error_step']} ({written['error'].split(':')[0]})"
    if fixed["failed"]:
        return f"fixed fails at step {fixed['error_step']}"
    name = exp["metric"]["name"]
    w, f = written["final"].get(name), fixed["final"].get(name)
    parts = [f"{name} {_g(w)} -> {_g(f)}" if isinstance(w, float) and isinstance(f, float) else name + " n/a"]
    for measure in exp["measures"]:
        if not measure["outcome"]:
            continue
        a, b = measure["as_written"], measure["fixed"]
        if measure["name"].startswith("steps to"):
            parts.append(f"{measure['name']}: {a if a is not None else 'never'} vs {b if b is not None else 'never'}")
        elif measure["name"].startswith("output-layer gradient"):
            if min(a, b) <= 0:
                parts.append("no output gradient at step 0 as written" if a <= 0 else "no output gradient fixed")
                continue
            factor = max(a, b) / min(a, b)
            parts.append(f"output gradient at step 0 {factor:,.0f}x {'smaller' if a < b else 'larger'}"
                         if factor >= 10 else f"output gradient at step 0 {factor:.1f}x {'smaller' if a < b else 'larger'}")
        elif measure["name"].startswith("loss floor"):
            parts.append(f"loss floor {a:.3f} (fixed ends at {_g(b)})")
        else:
            parts.append(f"{measure['name']} {_g(a)} -> {_g(b)}")
    if exp["kind"] == "reported metric":
        parts = ["reported metric frozen as written" if exp["improved"] else "reported metric moves"]
    return "; ".join(parts) if exp["differs"] else "none: " + parts[0]


def run_case(rule: str, backend: str, code: str, folder: str, classes: Optional[int] = None) -> dict:
    path = os.path.join(folder, f"{rule.lower()}_{backend}.py")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(code)
    cmd = [sys.executable, "-m", "lossguard", "probe", path, "--rule", rule, "--backend", backend,
           "--format", "json", "-q"] + (["--classes", str(classes)] if classes else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)  # the child process tree
    result = {"rule": rule, "backend": backend, "wall": wall, "cpu": cpu, "rc": proc.returncode}
    if proc.returncode != 0:
        result["error"] = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return result
    data = json.loads(proc.stdout)
    exps = data["experiments"]
    if not exps:
        result["error"] = "; ".join(s["reason"] for s in data["not_probed"]) or "nothing probed"
        return result
    exp = exps[0]
    others = exp.get("other_backends", [])
    shown = others[0] if others else exp
    result.update(
        imports=sum(data["import_seconds"].values()),
        train=exp["as_written"]["seconds"] + exp["fixed"]["seconds"],
        steps=exp["steps"],
        version=exp["backend_version"],
        improved=exp["improved"],
        differs=exp["differs"],
        verdict=exp["verdict"],
        difference=("TensorFlow: " + difference(exp) + f" | {shown['backend_version'].split('(')[-1].rstrip(')')}: "
                    + difference(shown)) if others else difference(exp),
        extra=", +torch backend" if others else "",
        classes=exp["as_written"]["config"]["n_classes"] if exp["task"] == "multiclass" else None,
    )
    return result


def main() -> int:
    from lossguard.rules import load_rules

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["torch", "keras"], action="append")
    parser.add_argument("--rule", action="append", default=[])
    parser.add_argument("--classes", type=int, help="probe single-label heads with this many classes")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; the table shows the slowest")
    parser.add_argument("--json", dest="json_path", help="also write the raw measurements here")
    args = parser.parse_args()
    backends = args.backend or ["torch", "keras"]
    todo = cases(backends, [r.upper() for r in args.rule], args.classes)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; cpus: {os.cpu_count()}",
          file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for rule, backend, label, code in todo:
            runs = [run_case(rule, backend, code, folder, args.classes) for _ in range(max(1, args.repeat))]
            worst = max(runs, key=lambda r: r["wall"])
            worst["example"] = label
            rows.append(worst)
            print(f"{rule} {backend:<5} {worst['wall']:5.1f} s  {label}", file=sys.stderr)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    failed = False
    print("| rule | backend | probed code | wall (s) | CPU (s) | imports (s) | training, both runs (s) | budget (s) "
          "| within | differs | measured difference (as written -> fixed) |")
    print("|---|---|---|---:|---:|---:|---:|---:|---|---|---|")
    for row in rows:
        budget = BUDGET[row["backend"]]
        ok = row["rc"] == 0 and "error" not in row and row["wall"] <= budget
        failed |= not ok
        if "error" in row:
            print(f"| {row['rule']} | {row['backend']} | {row['example']} | {row['wall']:.1f} | {row['cpu']:.1f} | - | - "
                  f"| {budget:.0f} | error: {row['error']} | - | - |")
            continue
        print(f"| {row['rule']} | {row['backend']}{row['extra']} | {row['example']} | {row['wall']:.1f} | "
              f"{row['cpu']:.1f} | {row['imports']:.1f} | {row['train']:.1f} | {budget:.0f} | {'yes' if ok else 'NO'} | "
              f"{'yes' if row['differs'] else 'no'} | {row['difference']} |")
    print("\nverdicts:")
    for row in rows:
        if "verdict" in row:
            print(f"- {row['rule']} {row['backend']}: {row['verdict']}")
    severity = {rule.code: rule.severity for rule in load_rules()}
    probed = sorted({row["rule"] for row in rows})
    silent = [rule for rule in probed if severity.get(rule) == "error"
              and not any(row.get("differs") for row in rows if row["rule"] == rule)]
    print(f"\nerror-severity rules probed: {sum(1 for r in probed if severity.get(r) == 'error')}; with a measurable "
          f"difference on at least one backend: {sum(1 for r in probed if severity.get(r) == 'error') - len(silent)}"
          + (f"; without: {', '.join(silent)}" if silent else ""))
    failed |= bool(silent)
    versions = sorted({row["version"] for row in rows if "version" in row})
    print(f"{len(rows)} scenario runs; {', '.join(versions)}; python {sys.version.split()[0]}"
          + (f"; --classes {args.classes}" if args.classes else ""))
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=2)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
