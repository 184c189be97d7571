"""The static path stays light: `lossguard check` (no --probe) and importing the probe package never import
torch, tensorflow, keras, scikit-learn or matplotlib. Each check runs in a fresh interpreter."""

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "fixtures", "seed_autoencoder.py")
HEAVY = ["torch", "tensorflow", "keras", "sklearn", "matplotlib"]


def _loaded_after(code: str) -> dict:
    script = code + (
        "\nimport json, sys\n"
        f"print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))\n"
    )
    env = dict(os.environ)
    env.pop("LOSSGUARD_DEBUG", None)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_check_without_probe_imports_no_framework():
    loaded = _loaded_after(
        "from lossguard.cli.commands import main\n"
        "try:\n"
        f"    main(['check', '--no-cache', '-j', '1', {SEED!r}], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    assert loaded == {m: False for m in HEAVY}


@pytest.mark.parametrize("module", ["lossguard.probe", "lossguard.probe.command", "lossguard.probe.api",
                                    "lossguard.probe.scenarios", "lossguard.probe.experiment",
                                    "lossguard.probe.torch_backend", "lossguard.probe.keras_backend",
                                    "lossguard.probe.report", "lossguard.probe.plot", "lossguard.probe.data",
                                    "lossguard.probe.crossrun", "lossguard.probe.bounds", "lossguard.probe.verdict",
                                    "lossguard.cli.commands"])
def test_probe_modules_import_lazily(module):
    assert _loaded_after(f"import {module}") == {m: False for m in HEAVY}


def test_probe_help_imports_no_framework():
    loaded = _loaded_after(
        "from lossguard.cli.commands import main\n"
        "try:\n"
        "    main(['probe', '--help'], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    assert loaded == {m: False for m in HEAVY}
