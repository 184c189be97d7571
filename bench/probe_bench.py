"""Benchmark of `lossguard probe`: wall time of every scenario on every backend where the rule applies.

Each measurement is a fresh `python -m lossguard probe FILE --rule CODE --backend B --format json` process,
so it includes the interpreter start, the static check, the framework import and both training runs.
The code probed is each rule's own INVALID example from the catalogue (rules/), plus the bundled seed
example. Budgets (the issue's): <= 10 s per scenario with torch, <= 30 s with Keras on TensorFlow.

    .venv/bin/python bench/probe_bench.py                 # every scenario, both backends
    .venv/bin/python bench/probe_bench.py --backend torch  # one backend
    .venv/bin/python bench/probe_bench.py --rule LG101 --repeat 3

It is a script, not a test: timings depend on the machine and its load (the load average is printed).
Exit status 1 when a scenario exceeds its budget or fails to run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

BUDGET = {"torch": 10.0, "keras": 30.0}


def cases(backends: list[str], rules: list[str]) -> list[tuple[str, str, str, str]]:
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
                if finding is None or isinstance(plan_job(code, finding.facts, backend), str):
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


def run_case(rule: str, backend: str, code: str, folder: str) -> dict:
    path = os.path.join(folder, f"{rule.lower()}_{backend}.py")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(code)
    cmd = [sys.executable, "-m", "lossguard", "probe", path, "--rule", rule, "--backend", backend,
           "--format", "json", "-q"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    result = {"rule": rule, "backend": backend, "wall": wall, "rc": proc.returncode}
    if proc.returncode != 0:
        result["error"] = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return result
    data = json.loads(proc.stdout)
    exps = data["experiments"]
    if not exps:
        result["error"] = "; ".join(s["reason"] for s in data["not_probed"]) or "nothing probed"
        return result
    exp = exps[0]
    result.update(
        imports=sum(data["import_seconds"].values()),
        train=exp["as_written"]["seconds"] + exp["fixed"]["seconds"],
        steps=exp["steps"],
        version=exp["backend_version"],
        improved=exp["improved"],
        verdict=exp["verdict"],
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["torch", "keras"], action="append")
    parser.add_argument("--rule", action="append", default=[])
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; the table shows the slowest")
    parser.add_argument("--json", dest="json_path", help="also write the raw measurements here")
    args = parser.parse_args()
    backends = args.backend or ["torch", "keras"]
    todo = cases(backends, [r.upper() for r in args.rule])
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; cpus: {os.cpu_count()}",
          file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for rule, backend, label, code in todo:
            runs = [run_case(rule, backend, code, folder) for _ in range(max(1, args.repeat))]
            worst = max(runs, key=lambda r: r["wall"])
            worst["example"] = label
            rows.append(worst)
            print(f"{rule} {backend:<5} {worst['wall']:5.1f} s  {label}", file=sys.stderr)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    failed = False
    print("| rule | backend | probed code | wall (s) | imports (s) | training, both runs (s) | budget (s) | within |")
    print("|---|---|---|---:|---:|---:|---:|---|")
    for row in rows:
        budget = BUDGET[row["backend"]]
        ok = row["rc"] == 0 and "error" not in row and row["wall"] <= budget
        failed |= not ok
        if "error" in row:
            print(f"| {row['rule']} | {row['backend']} | {row['example']} | {row['wall']:.1f} | - | - | {budget:.0f} | "
                  f"error: {row['error']} |")
            continue
        print(f"| {row['rule']} | {row['backend']} | {row['example']} | {row['wall']:.1f} | {row['imports']:.1f} | "
              f"{row['train']:.1f} | {budget:.0f} | {'yes' if ok else 'NO'} |")
    versions = sorted({row["version"] for row in rows if "version" in row})
    print(f"\n{len(rows)} scenario runs; {', '.join(versions)}; python {sys.version.split()[0]}")
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=2)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
