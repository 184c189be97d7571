#!/usr/bin/env python3
"""Recall and precision on real code nobody here wrote: committed bugs, checked as their authors had them.

    python bench/real_code.py bench/real_code/cases.toml            # every case
    python bench/real_code.py CASES --only owner/name               # the cases of one repository
    python bench/real_code.py CASES --lossguard .venv/bin/lossguard --json out.json

Each case names a public repository, the commit holding the bug, the commit that fixed it (optional)
and the location lossguard should report (the catalogue's primary location: path, line, and cell for
notebooks) with the rule. The repositories come from bare git mirrors (the `fetch` tool puts them
under /work/.mirror/owner+name/; --mirrors changes that): nothing is copied into this project, the
trees are exported into a temporary folder, checked, and removed.

Measured per case:
  found         a finding of the expected rule at the expected path, within two lines (same cell)
  checked as    "project": lossguard runs on the whole exported tree (as `lossguard check .` at the
                repository root, with a `.git` marker as in a checkout); with `changed` set, also on only
                those files (as pre-commit would); for cross-module cases also on the primary location's
                file alone (pre-commit on the commit that put the bug into the model's module)
  clean         on the fixed commit: findings of the expected rule at that path (should be none) and
                LG000 parse errors anywhere (should be none on code that ran)
Missing mirrors are listed and skipped, never counted as misses.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from typing import Optional

MIRRORS = os.environ.get("LOSSGUARD_MIRRORS", "/work/.mirror")


@dataclass
class Case:
    repo: str
    bug: str
    path: str
    line: int
    rule: str
    kind: str = "single"  # single | cross | notebook
    fixed: Optional[str] = None
    cell: Optional[int] = None
    changed: list[str] = field(default_factory=list)  # files a pre-commit run would pass
    note: str = ""


def load_cases(path: str) -> list[Case]:
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    return [Case(**entry) for entry in data.get("case", [])]


def mirror_of(repo: str, mirrors: str) -> Optional[str]:
    folder = os.path.join(mirrors, repo.replace("/", "+"))
    if not os.path.isdir(folder):
        return None
    children = [os.path.join(folder, name) for name in sorted(os.listdir(folder))]
    for candidate in (folder, *children, *(os.path.join(c, ".git") for c in children)):
        if os.path.isfile(os.path.join(candidate, "HEAD")) and os.path.isdir(os.path.join(candidate, "objects")):
            return candidate
    return None


def export(git_dir: str, commit: str, into: str) -> bool:
    """Write the commit's tree into `into`; blobs absent from the snapshot (its largest files) are skipped."""
    listing = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", commit], capture_output=True)
    if listing.returncode != 0:
        return False
    blobs = []
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha = meta.split()
        if kind == b"blob" and mode != b"120000":
            blobs.append((sha.decode(), os.fsdecode(name)))
    batch = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "--batch"], capture_output=True,
                           input="".join(sha + "\n" for sha, _ in blobs).encode())
    data, offset = batch.stdout, 0
    for sha, name in blobs:
        end = data.index(b"\n", offset)
        header = data[offset:end].split()
        offset = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        target = os.path.join(into, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data[offset:offset + size])
        offset += size + 1
    os.makedirs(os.path.join(into, ".git"), exist_ok=True)  # a checkout's marker: the project root is here
    return True


def run_lossguard(lossguard: str, folder: str, paths: list[str]) -> tuple[int, list[dict], str]:
    proc = subprocess.run([lossguard, "check", "--isolated", "--no-cache", "--format", "json", *paths],
                          cwd=folder, capture_output=True, text=True, timeout=1800)
    try:
        findings = json.loads(proc.stdout) if proc.stdout.strip() else []
    except ValueError:
        findings = []
    return proc.returncode, findings, proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""


def _norm(path: str) -> str:
    return os.path.normpath(path).removeprefix("./")


def matches(case: Case, finding: dict) -> bool:
    if finding.get("rule") != case.rule or _norm(finding.get("path", "")) != _norm(case.path):
        return False
    if case.cell is not None and finding.get("cell") != case.cell:
        return False
    return abs(int(finding.get("line", 0)) - case.line) <= 2


def measure(case: Case, lossguard: str, mirrors: str) -> dict:
    git_dir = mirror_of(case.repo, mirrors)
    result: dict = {"repo": case.repo, "bug": case.bug, "path": case.path, "line": case.line,
                    "cell": case.cell, "rule": case.rule, "kind": case.kind}
    if git_dir is None:
        result["status"] = "no mirror"
        return result
    work = tempfile.mkdtemp(prefix="lg-real-")
    try:
        tree = os.path.join(work, "bug")
        if not export(git_dir, case.bug, tree):
            result["status"] = "commit not in mirror"
            return result
        code, findings, err = run_lossguard(lossguard, tree, ["."])
        result["exit"], result["stderr"] = code, err
        result["found"] = any(matches(case, f) for f in findings)
        result["at_path"] = sorted({f"{f['rule']}:{f['line']}" for f in findings if _norm(f["path"]) == _norm(case.path)})
        if case.changed:
            _, only, _ = run_lossguard(lossguard, tree, case.changed)
            result["found_changed_only"] = any(matches(case, f) for f in only)
        if case.kind == "cross":  # pre-commit on the commit that put the bug in the model's module
            _, alone, _ = run_lossguard(lossguard, tree, [case.path])
            result["found_file_alone"] = any(matches(case, f) for f in alone)
        if case.fixed:
            fixed_tree = os.path.join(work, "fixed")
            if export(git_dir, case.fixed, fixed_tree):
                _, after, _ = run_lossguard(lossguard, fixed_tree, ["."])
                result["fixed_same_rule_at_path"] = [f"{f['rule']}:{f['line']}" for f in after
                                                     if f["rule"] == case.rule and _norm(f["path"]) == _norm(case.path)]
                result["fixed_lg000"] = [f"{f['path']}:{f.get('cell', '')}:{f['line']}" for f in after if f["rule"] == "LG000"]
        result["status"] = "found" if result["found"] else "missed"
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases")
    parser.add_argument("--lossguard", default=shutil.which("lossguard") or "lossguard")
    parser.add_argument("--mirrors", default=MIRRORS)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--json", dest="json_out")
    args = parser.parse_args(argv)
    args.lossguard = shutil.which(args.lossguard) and os.path.abspath(shutil.which(args.lossguard)) or args.lossguard
    cases = [c for c in load_cases(args.cases) if not args.only or c.repo in args.only]
    results = []
    for case in cases:
        r = measure(case, args.lossguard, args.mirrors)
        results.append(r)
        where = f"{r['path']}" + (f" cell {r['cell']}" if r.get("cell") else "") + f":{r['line']}"
        extra = "" if r["status"] == "found" else f"  (at that path: {', '.join(r.get('at_path', [])) or 'nothing'})"
        modes = "".join(f"  [{label}: {'found' if r[key] else 'missed'}]" for key, label in
                        (("found_changed_only", "changed files only"), ("found_file_alone", "its file alone"))
                        if key in r)
        print(f"{r['status']:>9}  {r['kind']:<8} {r['rule']} {r['repo']}@{r['bug'][:7]} {where}{extra}{modes}")
        if r.get("fixed_same_rule_at_path"):
            print(f"{'':>11}fixed commit still reports {r['fixed_same_rule_at_path']}")
        if r.get("fixed_lg000"):
            print(f"{'':>11}LG000 on the fixed commit: {r['fixed_lg000'][:5]}")
    counted = [r for r in results if r["status"] in ("found", "missed")]
    for kind in sorted({r["kind"] for r in counted}):
        part = [r for r in counted if r["kind"] == kind]
        print(f"{kind}: {sum(r['status'] == 'found' for r in part)}/{len(part)} found")
    for key, label in (("found_changed_only", "changed files only"), ("found_file_alone", "the primary file alone")):
        part = [r for r in counted if key in r]
        if part:
            print(f"checking {label}: {sum(r[key] for r in part)}/{len(part)} found")
    print(f"all: {sum(r['status'] == 'found' for r in counted)}/{len(counted)} found; "
          f"fixed commits reporting the same rule at the path: {sum(bool(r.get('fixed_same_rule_at_path')) for r in counted)}; "
          f"fixed commits with LG000: {sum(bool(r.get('fixed_lg000')) for r in counted)}; "
          f"skipped (no mirror or commit): {len(results) - len(counted)}")
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
