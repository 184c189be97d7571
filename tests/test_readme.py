"""The README stays true: its rule table matches the catalogue, its commands exist."""

import re

from lossguard.rules import load_rules
from helpers import ROOT

README = (ROOT / "README.md").read_text()


def test_rule_table_matches_the_rules():
    rows = re.findall(r"^\| (LG\d{3}) \| ([a-z0-9-]+) \| (error|warning) \| ([a-z–-]+) \|$", README, re.M)
    documented = {code: (name, severity, fix) for code, name, severity, fix in rows}
    actual = {r.code: (r.name, r.severity, r.fixable or "–") for r in load_rules()}
    assert documented == actual


def test_two_commands_and_ci_agree():
    assert "make demo" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
    makefile = (ROOT / "Makefile").read_text()
    assert "scripts/demo.sh" in makefile and "python -m pytest" in makefile
    demo = (ROOT / "scripts" / "demo.sh").read_text()
    assert '"$BIN/lossguard" check "$SEED"' in demo and 'SEED=fixtures/seed_autoencoder.py' in demo
    assert '"$BIN/lossguard" probe "$SEED" --plot seed_probe.png' in demo


def test_every_package_ships():
    """A subpackage missing from pyproject's list breaks every non-editable install (pre-commit)."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.relative_to(ROOT).parent.parts) for p in (ROOT / "lossguard").rglob("__init__.py")}
    assert found | {"lossguard.rules"} == listed
