"""The `lossguard` command line: exit status, output formats, selection, stdin, rules/explain."""

import json

import pytest

from helpers import BAD_KERAS, GOOD_KERAS, SEED, cli, cli_subprocess


def write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_seed_example_reports_lg101_and_lg302(tmp_path):
    run = cli("check", "--format", "json", "--no-cache", str(SEED))
    assert run.code == 1
    assert sorted(f["rule"] for f in run.json()) == ["LG101", "LG302"]


def test_exit_status_clean_findings_and_usage(tmp_path):
    good = write(tmp_path, "good.py", GOOD_KERAS)
    bad = write(tmp_path, "bad.py", BAD_KERAS)
    assert cli("check", "--no-cache", str(good)).code == 0
    assert cli("check", "--no-cache", str(bad)).code == 1
    assert cli("check", "--no-cache", "--exit-zero", str(bad)).code == 0
    assert cli("check", "--bogus-option", str(bad)).code == 2
    run = cli("check", "--no-cache", "--select", "LG9", str(bad))
    assert run.code == 2 and "unknown rule code" in run.err


def test_json_contract(tmp_path):
    write(tmp_path, "pkg/bad.py", BAD_KERAS)
    run = cli("check", "--format", "json", "--no-cache", "pkg", cwd=tmp_path)
    assert run.code == 1
    [finding] = run.json()
    for key in ("rule", "name", "severity", "path", "line", "column", "message"):
        assert key in finding
    assert finding["rule"] == "LG101" and finding["name"] == "softmax-with-binary-crossentropy"
    assert finding["severity"] == "error"
    assert finding["path"] == "pkg/bad.py"  # relative, as given
    assert (finding["line"], finding["column"]) == (3, 70)
    assert finding["related"][0]["line"] == 4 and finding["related"][0]["path"] == "pkg/bad.py"
    assert finding["fix"]["applicability"] == "unsafe"


def test_json_empty_array_when_clean(tmp_path):
    good = write(tmp_path, "good.py", GOOD_KERAS)
    run = cli("check", "--format", "json", "--no-cache", str(good))
    assert run.code == 0 and json.loads(run.out) == []


def test_text_output_has_location_hint_and_summary(tmp_path):
    write(tmp_path, "bad.py", BAD_KERAS)
    run = cli("check", "--no-cache", "bad.py", cwd=tmp_path)
    lines = run.out.splitlines()
    assert lines[0].startswith("bad.py:3:70: LG101 softmax over 10 units")
    assert any(line.startswith("  = help: ") for line in lines)
    assert lines[-1].startswith("Found 1 finding (1 error, 0 warnings)") or "Found 1 finding" in run.out
    quiet = cli("check", "--no-cache", "-q", "bad.py", cwd=tmp_path)
    assert quiet.out.splitlines() == [lines[0]]


def test_select_and_ignore_prefixes(tmp_path):
    run = cli("check", "--format", "json", "--no-cache", "--select", "LG3", str(SEED))
    assert [f["rule"] for f in run.json()] == ["LG302"]
    run = cli("check", "--format", "json", "--no-cache", "--ignore", "LG1", str(SEED))
    assert [f["rule"] for f in run.json()] == ["LG302"]
    run = cli("check", "--format", "json", "--no-cache", "--select", "LG1,LG302", "--ignore", "LG101", str(SEED))
    assert [f["rule"] for f in run.json()] == ["LG302"]
    # the raw pixels are superseded by LG302 only while LG302 runs: ignoring it shows LG301
    run = cli("check", "--format", "json", "--no-cache", "--ignore", "LG101", "--ignore", "LG302", str(SEED))
    assert [f["rule"] for f in run.json()] == ["LG301"]
    run = cli("check", "--format", "json", "--no-cache", "--ignore", "LG1,LG3", str(SEED))
    assert run.code == 0 and run.json() == []


def test_statistics_and_output_file(tmp_path):
    out = tmp_path / "report.json"
    run = cli("check", "--no-cache", "--format", "json", "-o", str(out), str(SEED))
    assert run.code == 1 and run.out == ""
    assert len(json.loads(out.read_text())) == 2
    stats = cli("check", "--no-cache", "--statistics", str(SEED))
    # only the table (ruff's format: count, code, name; no fix applies without --unsafe-fixes) and the summary
    assert stats.out.splitlines()[:2] == ["1\tLG101\tsoftmax-with-binary-crossentropy",
                                          "1\tLG302\tprobability-loss-target-out-of-range"]
    assert "fixtures/seed_autoencoder.py:" not in stats.out


def test_stdin_with_filename():
    run = cli("check", "--format", "json", "--stdin-filename", "models/auto.py", "-", input=BAD_KERAS)
    assert run.code == 1
    [finding] = run.json()
    assert finding["path"] == "models/auto.py" and finding["rule"] == "LG101"


def test_default_path_is_current_folder(tmp_path):
    write(tmp_path, "a/bad.py", BAD_KERAS)
    write(tmp_path, ".hidden/bad.py", BAD_KERAS)
    write(tmp_path, "node_modules/x/bad.py", BAD_KERAS)
    write(tmp_path, "venv/lib/bad.py", BAD_KERAS)
    write(tmp_path, "build/bad.py", BAD_KERAS)
    run = cli("check", "--format", "json", "--no-cache", cwd=tmp_path)
    assert [f["path"] for f in run.json()] == ["a/bad.py"]


def test_rules_table_and_explain():
    run = cli("rules")
    assert run.code == 0
    assert "LG101  softmax-with-binary-crossentropy" in run.out.replace("   ", "  ") or "LG101" in run.out
    table = json.loads(cli("rules", "--format", "json").out)
    assert {r["code"] for r in table} >= {"LG101", "LG302", "LG401"}
    text = cli("explain", "lg101").out
    assert "## What it does" in text and "## Why is this bad?" in text and "## Example" in text
    assert "## Use instead" in text and 'activation="softmax")(hidden)  # <- LG101' in text
    assert cli("explain", "LG999").code == 2


def test_version_and_module_entry_point():
    run = cli_subprocess("--version")
    assert run.code == 0 and "lossguard" in run.out


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_every_format_runs_on_the_seed(fmt):
    run = cli("check", "--no-cache", "--format", fmt, str(SEED))
    assert run.code == 1 and run.out


def test_console_entry_leaves_fast_with_the_same_status_and_all_output(tmp_path):
    """`run()` ends the process with os._exit after flushing (no heap teardown): nothing written
    may be lost and the status must be the command's, for findings, clean code and usage errors."""
    for i in range(40):  # enough output to fill a pipe buffer several times
        write(tmp_path, f"pkg/bad_{i:02}.py", BAD_KERAS)
    write(tmp_path, "good.py", GOOD_KERAS)
    run = cli_subprocess("check", "--format", "json", "--no-cache", "-j", "1", "pkg", cwd=tmp_path)
    assert run.code == 1
    assert len({f["path"] for f in json.loads(run.out)}) == 40
    assert cli_subprocess("check", "--no-cache", "good.py", cwd=tmp_path).code == 0
    usage = cli_subprocess("check", "--select", "LG9", "good.py", cwd=tmp_path)
    assert usage.code == 2 and "unknown rule code" in usage.err


def test_a_serial_run_gives_the_collector_back(tmp_path):
    """A serial check freezes what survives each program (the module store's trees) so full
    collections skip them; in-process callers must get an ordinary collector afterwards."""
    import gc

    write(tmp_path, "bad.py", BAD_KERAS)
    assert gc.get_freeze_count() == 0
    assert cli("check", "--no-cache", "-j", "1", str(tmp_path / "bad.py")).code == 1
    assert gc.get_freeze_count() == 0
