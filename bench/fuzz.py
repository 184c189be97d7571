#!/usr/bin/env python3
"""The dedicated fuzz run: the fuzz tests with many examples per test, then the input count.

    python bench/fuzz.py                  # every test's default sample x20
    python bench/fuzz.py --scale 50       # more
    python bench/fuzz.py --examples 500   # the same number of examples for every test
    python bench/fuzz.py -- -x            # extra pytest arguments after --

tests/test_fuzz.py: every input goes through the real pipeline (read_source / read_notebook →
check_source → the four reporters). tests/test_fix_properties.py: the fixer and the atomic write.
tests/test_fuzz_robustness.py (issue 11): random torch and Keras programs fixed and then executed
with the real frameworks on tiny inputs, randomly damaged caches and configurations, and signals
at random moments of a `--fix` run. All with LOSSGUARD_DEBUG=1, so an internal error fails the run
with Hypothesis' minimal reproducer instead of being reported as an "internal error" problem.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=20, help="multiply each test's default sample")
    parser.add_argument("--examples", type=int, default=0, help="instead: this many examples for every test")
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "counts.json")
        env = dict(os.environ, LOSSGUARD_FUZZ_SCALE=str(args.scale), LOSSGUARD_FUZZ_EXAMPLES=str(args.examples),
                   LOSSGUARD_FUZZ_REPORT=report, LOSSGUARD_DEBUG="1")
        start = time.perf_counter()
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py",
               "tests/test_fix_properties.py", "tests/test_fuzz_robustness.py", *args.pytest_args]
        code = subprocess.call(cmd, cwd=ROOT, env=env)
        elapsed = time.perf_counter() - start
        counts = {}
        if os.path.exists(report):
            with open(report, encoding="utf-8") as handle:
                counts = json.load(handle)
    print()
    print(f"inputs through the pipeline, by kind ({elapsed:.0f} s):")
    for kind, count in sorted(counts.items()):
        print(f"  {kind:<28} {count:>7,}")
    print(f"  {'total':<28} {sum(counts.values()):>7,}")
    print("result:", "no exception escaped" if code == 0 else f"FAILURES (pytest exit {code})")
    return code


if __name__ == "__main__":
    sys.exit(main())
