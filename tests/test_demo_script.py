"""scripts/demo.sh (what `make demo` runs): the check's exit status 1 is explained, not an error, and
the demo's own exit status stays meaningful. The real `lossguard check` runs; the probe is a stub here
(tests/test_probe_keras.py measures the seed's probe itself)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import ROOT

SCRIPT = ROOT / "scripts" / "demo.sh"


def fake_bin(tmp_path, check_status=None, probe_status=0):
    """A `lossguard` whose `check` is the real one (or exits `check_status`) and whose `probe` exits `probe_status`."""
    folder = tmp_path / "bin"
    folder.mkdir()
    real_check = f'exec "{sys.executable}" -m lossguard "$@"'
    check = real_check if check_status is None else f"echo checked; exit {check_status}"
    (folder / "lossguard").write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = check ]; then {check}; fi\n'
        f'if [ "$1" = probe ]; then echo "probed $2 $3 $4"; exit {probe_status}; fi\n'
        "exit 99\n")
    (folder / "lossguard").chmod(0o755)
    return folder


def demo(folder):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(["sh", str(SCRIPT), str(folder)], cwd=ROOT, capture_output=True, text=True, env=env,
                          timeout=300)


def test_findings_are_expected_and_the_demo_succeeds(tmp_path):
    proc = demo(fake_bin(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert out.startswith("$ lossguard check fixtures/seed_autoencoder.py\n")
    assert "fixtures/seed_autoencoder.py:19:10: LG101" in out and "fixtures/seed_autoencoder.py:27:1: LG302" in out
    assert "(exit status 1: findings reported, as expected for this example; 0 means none, 2 an error)" in out
    assert "$ lossguard probe fixtures/seed_autoencoder.py --plot seed_probe.png\nprobed fixtures/seed_autoencoder.py --plot seed_probe.png" in out
    assert "Error" not in out + proc.stderr


@pytest.mark.parametrize("check_status, probe_status, expected, message", [
    (0, 0, 1, "found nothing"),   # the example lost its findings: the demo says so and fails
    (2, 0, 2, "lossguard check failed (exit status 2)"),
    (1, 2, 2, ""),                # the probe failed: its status
])
def test_failures_keep_their_exit_status(tmp_path, check_status, probe_status, expected, message):
    proc = demo(fake_bin(tmp_path, check_status, probe_status))
    assert proc.returncode == expected, proc.stdout + proc.stderr
    assert message in proc.stderr
