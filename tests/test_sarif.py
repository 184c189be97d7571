"""`lossguard check --format sarif`: real CLI output validated against the official SARIF 2.1.0 schema.

The schema is the OASIS file vendored in tests/data (so the suite needs no network); the programs
are the small buggy / clean files in tests/data/reporting, copied into a temporary folder so the
paths in the log are short and relative.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

import lossguard
from lossguard.reporting.explain import rule_markdown
from lossguard.findings.model import Finding, FileProblem, Related
from lossguard.reporting.sarif import report as sarif_report
from lossguard.rules import load_rules as all_rules

DATA = Path(__file__).resolve().parent / "data"
SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = Draft4Validator(SCHEMA, format_checker=Draft4Validator.FORMAT_CHECKER)


def assert_valid(log: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def sarif(cwd: Path, *args: str, code: int) -> dict:
    proc = subprocess.run([sys.executable, "-m", "lossguard", "check", "--no-cache", "--format", "sarif", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == code, proc.stderr
    log = json.loads(proc.stdout)
    assert_valid(log)
    return log


def text_at(path: Path, region: dict) -> str:
    """The text a single-line region covers (columns are Unicode code points, end exclusive)."""
    line = path.read_text(encoding="utf-8").split("\n")[region["startLine"] - 1]
    end = region.get("endColumn", len(line) + 1)
    return line[region["startColumn"] - 1: end - 1]


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sarif")
    for item in (DATA / "reporting").iterdir():
        shutil.copy(item, folder / item.name)
    (folder / "latin1.py").write_bytes(b"import torch\n\xff\xfe = 1\n")
    return folder


def test_vendored_schema_is_the_official_one():
    Draft4Validator.check_schema(SCHEMA)
    assert SCHEMA["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    assert SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"


def test_the_validator_is_not_vacuous():
    with pytest.raises(AssertionError):
        assert_valid({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})  # driver without a name
    with pytest.raises(AssertionError):
        assert_valid({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
            {"message": {"text": "m"}, "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": "a.py"}, "region": {"startLine": 0}}}]}]}]})


def test_bad_files(work):
    log = sarif(work, "autoencoder.py", "regression.py", code=1)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lossguard" and driver["version"] == lossguard.__version__
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]

    # every rule of the catalogue, with its full document as help
    rules = sorted(all_rules(), key=lambda r: r.code)
    assert [d["id"] for d in driver["rules"]] == [r.code for r in rules]
    for rule, descriptor in zip(rules, driver["rules"]):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert descriptor["help"]["markdown"] == descriptor["help"]["text"] == rule_markdown(rule)
        assert descriptor["defaultConfiguration"]["level"] == rule.severity
        assert descriptor["properties"]["fixable"] == (rule.fixable or "no")

    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("LG101", "error"), ("LG401", "warning")]
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]

    lg101 = results[0]
    (location,) = lg101["locations"]
    assert location["physicalLocation"]["artifactLocation"] == {"uri": "autoencoder.py", "uriBaseId": "%SRCROOT%"}
    region = location["physicalLocation"]["region"]
    assert region == {"startLine": 6, "startColumn": 11, "endLine": 6, "endColumn": 43}
    assert text_at(work / "autoencoder.py", region) == 'Dense(784, activation="softmax")'
    assert lg101["message"]["text"].startswith("softmax over 784 units")
    assert lg101["properties"]["fix"] == {"description": "use sigmoid instead of softmax", "applicability": "unsafe"}
    assert lg101["properties"]["hint"]

    # the other half of the mismatch, as a related location with a message
    (related,) = lg101["relatedLocations"]
    assert related["id"] == 1
    assert related["message"]["text"] == "the binary cross-entropy that reads this output"
    rel_region = related["physicalLocation"]["region"]
    assert (rel_region["startLine"], rel_region["startColumn"]) == (8, 38)
    assert text_at(work / "autoencoder.py", rel_region).startswith('"binary_crossentropy"')

    lg401 = results[1]
    assert lg401["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "regression.py"
    assert lg401["relatedLocations"][0]["message"]["text"] == "the regression loss"


@pytest.mark.parametrize("name", ["tagger.ipynb", "compact.ipynb"])
def test_notebook_regions_point_into_the_ipynb_file(work, name):
    """Cell coordinates live in properties and the message; the region addresses the .ipynb text."""
    log = sarif(work, name, code=1)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "LG104"
    assert result["message"]["text"].startswith("cell 2, line 11: sigmoid output goes into nn.BCEWithLogitsLoss()")
    props = result["properties"]
    assert props["cell"] == 2 and props["cellLine"] == 11
    assert props["cellColumn"] == (16 if name == "tagger.ipynb" else 35)
    assert "notebookRegion" not in props
    region = result["locations"][0]["physicalLocation"]["region"]
    assert text_at(work / name, region) == "torch.sigmoid(self.fc(x))"
    if name == "tagger.ipynb":  # one JSON line per source line: line 26 of the file holds cell 2 line 11
        assert region == {"startLine": 26, "startColumn": 21, "endLine": 26, "endColumn": 46}
    (related,) = result["relatedLocations"]
    assert related["message"]["text"] == "cell 3, line 2: the loss that expects logits"
    assert related["properties"] == {"cell": 3, "cellLine": 2, "cellColumn": 13}
    assert text_at(work / name, related["physicalLocation"]["region"]).startswith("nn.BCEWithLogitsLoss()")


def test_clean_file(work):
    log = sarif(work, "clean.py", code=0)
    (run,) = log["runs"]
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert len(run["tool"]["driver"]["rules"]) == len(all_rules())


def test_unreadable_files_become_notifications(work):
    log = sarif(work, "autoencoder.py", "latin1.py", "missing.py", code=2)
    (run,) = log["runs"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == [
        "latin1.py: cannot decode as utf-8: invalid byte 0xff on line 2",
        "missing.py: no such file or directory",
    ]
    for note in notes:
        assert note["level"] == "error"
        assert note["descriptor"]["id"] == run["tool"]["driver"]["notifications"][note["descriptor"]["index"]]["id"]
    assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "latin1.py", "uriBaseId": "%SRCROOT%"}
    assert [r["ruleId"] for r in run["results"]] == ["LG101"]  # the readable file is still reported


def test_output_is_deterministic(work):
    args = ("autoencoder.py", "regression.py", "tagger.ipynb", "clean.py")
    first = subprocess.run([sys.executable, "-m", "lossguard", "check", "--no-cache", "--format", "sarif", *args],
                           cwd=work, capture_output=True, timeout=120).stdout
    again = subprocess.run([sys.executable, "-m", "lossguard", "check", "--no-cache", "--format", "sarif", "-j", "1",
                            *reversed(args)], cwd=work, capture_output=True, timeout=120).stdout
    assert first == again


def test_uris_are_percent_encoded_posix_paths(work, tmp_path):
    folder = tmp_path / "my models"
    folder.mkdir()
    shutil.copy(work / "autoencoder.py", folder / "auto encoder#1.py")
    log = sarif(tmp_path, "my models/auto encoder#1.py", code=1)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "my%20models/auto%20encoder%231.py", "uriBaseId": "%SRCROOT%"}

    absolute = str(folder / "auto encoder#1.py")
    log = sarif(tmp_path, absolute, code=1)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": Path(absolute).as_uri()} and location["uri"].startswith("file:///")


def test_written_with_output_file(work, tmp_path):
    out = tmp_path / "lossguard.sarif"
    proc = subprocess.run([sys.executable, "-m", "lossguard", "check", "--no-cache", "--format", "sarif",
                           "-o", str(out), "autoencoder.py"], cwd=work, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and proc.stdout == ""
    assert_valid(json.loads(out.read_text(encoding="utf-8")))


def test_notebook_that_cannot_be_read_back_keeps_a_valid_region(tmp_path, monkeypatch):
    """E.g. a notebook read from stdin: the cell position stays in properties and in the message."""
    monkeypatch.chdir(tmp_path)
    finding = Finding(rule="LG104", name="activation-before-logits-loss", severity="error", path="gone.ipynb",
                      line=3, column=5, end_line=3, end_column=9, cell=4, message="m",
                      related=(Related("gone.ipynb", 1, 1, "the loss", 5),))
    log = json.loads(sarif_report([finding], [FileProblem("other.py", "permission denied")], {}))
    assert_valid(log)
    result = log["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert result["properties"]["notebookRegion"] == "unmapped"
    assert result["properties"]["cell"] == 4 and result["message"]["text"] == "cell 4, line 3: m"
    assert "fix" not in result["properties"]
