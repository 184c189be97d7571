"""`lossguard probe` and `lossguard check --probe` from the command line: output, exit status, plot, errors."""

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from lossguard.cli.commands import main

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "fixtures", "seed_autoencoder.py")

TORCH_CODE = '''
import torch
from torch import nn

model = nn.Sequential(nn.Linear(20, 16), nn.ReLU(), nn.Linear(16, 1))
criterion = nn.BCELoss()
x, y = torch.randn(32, 20), torch.randint(0, 2, (32, 1)).float()
loss = criterion(model(x), y)
'''


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def seed_text(tmp_path_factory):
    pytest.importorskip("keras")
    pytest.importorskip("matplotlib")
    plot = tmp_path_factory.mktemp("plot") / "seed.png"
    result = invoke("probe", "-q", SEED, "--plot", str(plot))
    return result, plot


def test_probe_seed_prints_a_side_by_side_table_and_writes_the_plot(seed_text):
    result, plot = seed_text
    assert result.exit_code == 0, result.output
    out = result.output
    assert "seed_autoencoder.py:19:10: LG101 softmax-with-binary-crossentropy" in out
    assert "seed_autoencoder.py:27:1: LG302 probability-loss-target-out-of-range" in out
    assert "as written" in out and "fixed" in out and "reconstruction error" in out
    assert 'Dense(64, activation="softmax") + "binary_crossentropy"' in out
    assert "verdict: fixed reconstruction error" in out and "x lower" in out
    assert f"plot: {plot}" in out
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and plot.stat().st_size > 20_000


def test_probe_json_has_every_number(tmp_path):
    pytest.importorskip("torch")
    path = tmp_path / "model.py"
    path.write_text(TORCH_CODE)
    result = invoke("probe", "-q", str(path), "--format", "json", "--steps", "60")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (exp,) = data["experiments"]
    assert exp["rule"] == "LG105" and exp["backend"] == "torch" and exp["steps"] == 60
    assert exp["as_written"]["failed"] and exp["as_written"]["error_step"] == 1
    assert exp["as_written"]["error"] == "RuntimeError: all elements of input should be between 0 and 1"
    fixed = exp["fixed"]
    assert len(fixed["losses"]) == 60 and fixed["eval_steps"][0] == 0 and fixed["eval_steps"][-1] == 60
    assert len(fixed["metrics"]["accuracy"]) == len(fixed["eval_steps"])
    assert fixed["final"]["accuracy"] == fixed["metrics"]["accuracy"][-1] > 0.8
    assert exp["improved"] is True and exp["verdict"].startswith("as written it fails at step 1")
    assert exp["baseline"]["accuracy"] < 0.6 and data["not_probed"] == []


def test_probe_json_has_the_mirrored_setup_and_every_measure(tmp_path):
    pytest.importorskip("torch")
    path = tmp_path / "model.py"
    path.write_text('''
import torch
from torch import nn

model = nn.Sequential(nn.Linear(20, 16), nn.ReLU(), nn.Linear(16, 10), nn.Softmax(dim=1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
criterion = nn.CrossEntropyLoss()
loss = criterion(model(torch.randn(32, 20)), torch.randint(0, 10, (32,)))
''')
    result = invoke("probe", "-q", str(path), "--format", "json", "--classes", "100", "--steps", "60")
    assert result.exit_code == 0, result.output
    (exp,) = json.loads(result.output)["experiments"]
    assert exp["training"]["optimizer"] == "sgd" and exp["training"]["learning_rate"] == 0.1
    assert exp["mirrored"] == ["100 classes (--classes 100)", "optimizer SGD, learning rate 0.1"]
    assert exp["as_written"]["config"]["units"] == 100 and "synthetic 100-class task" in exp["data"]
    names = [m["name"] for m in exp["measures"]]
    assert "test NLL" in names and "ECE" in names and "output-layer gradient at step 0" in names
    assert exp["floor"]["kind"] == "double softmax" and exp["floor"]["holds"] is True
    assert len(exp["as_written"]["grad_norms"]) == len(exp["as_written"]["eval_steps"])
    assert exp["fixed"]["final"]["test NLL"] == exp["fixed"]["at_end"]["test NLL"]


def test_probe_backend_and_rule_options(tmp_path):
    pytest.importorskip("torch")
    result = invoke("probe", "-q", SEED, "--backend", "torch", "--rule", "LG302", "--steps", "20",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (exp,) = data["experiments"]
    assert [f["rule"] for f in exp["findings"]] == ["LG302"]
    assert exp["as_written"]["error"] == "RuntimeError: all elements of target should be between 0 and 1"


def test_single_fix_keeps_the_other_mistakes(tmp_path):
    pytest.importorskip("torch")
    result = invoke("probe", "-q", SEED, "--backend", "torch", "--rule", "LG101", "--single-fix", "--steps", "20",
                    "--format", "json")
    data = json.loads(result.output)
    (exp,) = data["experiments"]
    assert [c["rule"] for c in exp["changes"]] == ["LG101"]
    assert exp["fixed"]["config"]["target_scale"] == 255.0  # still raw targets: torch's BCELoss refuses them
    assert exp["fixed"]["failed"] and exp["verdict"].startswith("both runs fail")


def test_check_with_probe_prints_the_check_and_the_probe(tmp_path):
    pytest.importorskip("torch")
    path = tmp_path / "model.py"
    path.write_text(TORCH_CODE)
    result = invoke("check", "--no-cache", "-j", "1", "--probe", str(path))
    assert result.exit_code == 1  # the check's own status: findings
    assert "LG105" in result.output and "verdict: as written it fails at step 1" in result.output


def test_check_json_with_probe_keeps_stdout_json(tmp_path):
    pytest.importorskip("torch")
    path = tmp_path / "model.py"
    path.write_text(TORCH_CODE)
    result = CliRunner().invoke(main, ["check", "--no-cache", "-j", "1", "--format", "json",
                                                       "--probe", str(path)])
    assert json.loads(result.stdout)[0]["rule"] == "LG105"
    assert "verdict:" in result.stderr


def test_nothing_to_probe(tmp_path):
    clean = tmp_path / "clean.py"
    clean.write_text("x = 1\n")
    result = invoke("probe", "-q", str(clean))
    assert result.exit_code == 0 and "No findings to probe." in result.output
    broken = tmp_path / "broken.py"
    broken.write_text("import keras\nmodel = keras.Sequential([\n")
    result = invoke("probe", "-q", str(broken))
    assert result.exit_code == 0
    assert "LG000 not probed: no probe scenario for LG000" in result.output
    assert result.output.rstrip().endswith("No finding could be probed.")


def test_lg203_units_mismatch_is_probed_and_the_summary_reads_naturally(tmp_path):
    pytest.importorskip("keras")
    path = tmp_path / "units.py"
    path.write_text('''
from keras.models import Sequential
from keras.layers import Dense
from keras.utils import to_categorical
import numpy as np

y = to_categorical(np.load("y.npy"), 10)
model = Sequential([Dense(12, activation="softmax")])
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(np.load("x.npy"), y, batch_size=32)
''')
    result = invoke("probe", "-q", str(path), "--steps", "30")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "LG203 output-units-mismatch" in out
    assert "mirrored   12 output units and 10 classes in the labels; optimizer Adam; batch size 32" in out
    assert "ValueError: Arguments `target` and `output` must have the same shape" in out
    assert out.rstrip().endswith("1 finding probed in 1 experiment; the fix helped measurably.")


def test_usage_errors_exit_2_without_traceback(tmp_path):
    result = CliRunner().invoke(main, ["probe", SEED, "--plot", str(tmp_path / "x.txt")])
    assert result.exit_code == 2 and "does not end in .png" in result.stderr
    result = CliRunner().invoke(main, ["probe", str(tmp_path / "missing.py")])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    result = CliRunner().invoke(main, ["probe", SEED, "--backend", "jax"])
    assert result.exit_code == 2


@pytest.mark.parametrize("blocked,backend", [("torch", "torch"), ("keras", "auto")])
def test_missing_framework_is_one_line_and_exit_2(tmp_path, blocked, backend):
    path = tmp_path / "model.py"
    path.write_text(TORCH_CODE)
    target = str(path) if blocked == "torch" else SEED
    script = (f"import sys\nsys.modules[{blocked!r}] = None  # as if not installed\n"
              "from lossguard.cli.commands import main\n"
              f"main(['probe', '-q', {target!r}, '--backend', {backend!r}])\n")
    env = dict(os.environ)
    env.pop("LOSSGUARD_DEBUG", None)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr
    assert f"{blocked} is not installed" in lines[0] and "pip install 'lossguard[probe]'" in lines[0]
