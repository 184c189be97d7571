"""Scoring lossguard against a labelled corpus (the format of the shared development corpus).

A finding whose rule matches an expectation of its file and whose line is one of the expectation's
`lines` (and, in a notebook, whose `cell` matches) is a true positive; more findings for the same
expectation are duplicates; every other finding is a false positive; an unmatched expectation is a miss.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FileScore:
    name: str
    expected: list[dict]
    reported: list[dict]
    tp: int = 0
    duplicates: int = 0
    false_positives: list[dict] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)

    def explain(self) -> str:
        got = ", ".join(f"{f['rule']}@{f.get('cell', '')}{':' if 'cell' in f else ''}{f['line']}" for f in self.reported) or "nothing"
        want = ", ".join(f"{e['rule']}@{e['lines']}" for e in self.expected) or "nothing"
        return f"{self.name}: expected {want}; reported {got}"


def run_corpus(cases: Path) -> list[dict]:
    env = dict(os.environ, LOSSGUARD_DEBUG="1")
    proc = subprocess.run([sys.executable, "-m", "lossguard", "check", "--no-cache", "--format", "json", str(cases)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    return json.loads(proc.stdout)


def score(corpus: Path) -> dict[str, FileScore]:
    expectations = {c["file"]: c.get("expect", []) for c in tomllib.loads((corpus / "expected.toml").read_text())["case"]}
    cases = corpus / "cases"
    by_file: dict[str, list[dict]] = {}
    for finding in run_corpus(cases):
        name = os.path.relpath(os.path.abspath(finding["path"]), os.path.abspath(cases))
        by_file.setdefault(name, []).append(finding)
    scores: dict[str, FileScore] = {}
    for name in sorted(set(expectations) | set(by_file)):
        expects = expectations.get(name, [])
        got = sorted(by_file.get(name, []), key=lambda f: (f.get("cell") or 0, f["line"]))
        result = FileScore(name, expects, got)
        hit = [False] * len(expects)
        for finding in got:
            for i, e in enumerate(expects):
                if finding["rule"] == e["rule"] and finding["line"] in e["lines"] and finding.get("cell") == e.get("cell"):
                    if hit[i]:
                        result.duplicates += 1
                    else:
                        hit[i] = True
                        result.tp += 1
                    break
            else:
                result.false_positives.append(finding)
        result.misses = [e for i, e in enumerate(expects) if not hit[i]]
        scores[name] = result
    return scores


def summary(scores: dict[str, FileScore]) -> str:
    tp = sum(s.tp for s in scores.values())
    fp = sum(len(s.false_positives) for s in scores.values())
    miss = sum(len(s.misses) for s in scores.values())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + miss) if tp + miss else 1.0
    return f"precision {precision:.3f} recall {recall:.3f} (tp {tp}, fp {fp}, miss {miss}, files {len(scores)})"
