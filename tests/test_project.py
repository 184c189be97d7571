"""Project-wide analysis: imports resolved as Python would, findings across files, cache, options.

Every test writes a small real project to disk and runs the real CLI (in-process unless noted).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.helpers import cli, cli_subprocess

NET_SOFTMAX = '''\
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        return F.softmax(self.fc(x), dim=1)
'''
NET_LOGITS = NET_SOFTMAX.replace("return F.softmax(self.fc(x), dim=1)", "return self.fc(x)")
TRAIN = '''\
import torch
import torch.nn as nn
{imports}

model = {model}
criterion = nn.CrossEntropyLoss()
x, y = torch.randn(8, 64), torch.randint(0, 10, (8,))
loss = criterion(model(x), y)
loss.backward()
'''


def write(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def findings(root: Path, *args: str) -> list[dict]:
    run = cli("check", "--format", "json", "--no-cache", "--isolated", *args, cwd=root)
    assert run.code in (0, 1), run.err
    return run.json()


def where(found: list[dict]) -> list[tuple]:
    return sorted((f["rule"], f["path"], f["line"], tuple(sorted(r["path"] for r in f["related"]))) for f in found)


LG104_IN_NET = ("LG104", "models/net.py", 11, ("train.py",))


# ------------------------------------------------------------------------------ resolution forms
@pytest.mark.parametrize("files, imports, model", [
    ({"models/net.py": NET_SOFTMAX}, "from models.net import Net", "Net()"),
    ({"models/net.py": NET_SOFTMAX}, "import models.net", "models.net.Net()"),
    ({"models/net.py": NET_SOFTMAX}, "import models.net as mn", "mn.Net()"),
    ({"models/net.py": NET_SOFTMAX}, "from models import net", "net.Net()"),
    ({"models/__init__.py": "", "models/net.py": NET_SOFTMAX}, "from models.net import Net as Model", "Model()"),
    ({"models/__init__.py": "from .net import *\n", "models/net.py": NET_SOFTMAX}, "from models import Net", "Net()"),
    ({"models/__init__.py": "from .net import Net\n__all__ = ['Net']\n", "models/net.py": NET_SOFTMAX},
     "from models import *", "Net()"),
    ({"models/__init__.py": "from . import net\n", "models/net.py": NET_SOFTMAX}, "import models", "models.net.Net()"),
    ({"models/__init__.py": "from .registry import get_model\n",
      "models/registry.py": "from .net import Net\n\nMODELS = {'net': Net}\n\n\ndef get_model(name):\n    return MODELS[name]()\n",
      "models/net.py": NET_SOFTMAX}, "from models import get_model", "get_model('net')"),
])
def test_the_model_class_in_another_module(tmp_path, files, imports, model):
    root = write(tmp_path, {**files, "train.py": TRAIN.format(imports=imports, model=model)})
    assert where(findings(root, "train.py")) == [LG104_IN_NET]


@pytest.mark.parametrize("files, imports, model", [
    ({"models/__init__.py": "import net\n", "models/net.py": NET_SOFTMAX}, "from models import net", "net.Net()"),
    ({"models/__init__.py": "from net import Net\n", "models/net.py": NET_SOFTMAX}, "from models import Net", "Net()"),
    ({"models/__init__.py": "", "models/zoo.py": "import net as backbone\n\nNet = backbone.Net\n",
      "models/net.py": NET_SOFTMAX}, "from models.zoo import Net", "Net()"),
])
def test_python2_implicit_relative_imports_inside_a_package(tmp_path, files, imports, model):
    """`import net` in models/__init__.py meant models/net.py in Python 2 (research code still has it)."""
    root = write(tmp_path, {**files, "train.py": TRAIN.format(imports=imports, model=model)})
    assert where(findings(root, "train.py")) == [LG104_IN_NET]


def test_an_absolute_module_of_that_name_wins_over_the_sibling(tmp_path):
    root = write(tmp_path, {"net.py": NET_LOGITS, "models/__init__.py": "import net\n", "models/net.py": NET_SOFTMAX,
                            "train.py": TRAIN.format(imports="from models import net", model="net.Net()")})
    assert findings(root, "train.py") == []  # Python 3 binds the top-level net.py (logits)


# ------------------------------------------------------------------------------ a model zoo picked by name
ZOO_INIT = "from .net import *\nfrom .mlp import *\n"
ZOO_NET = NET_SOFTMAX + '''

__all__ = ["Net", "net_small", "net_large"]


def _net(width, num_classes=10, **kwargs):
    model = Net(num_classes=num_classes)
    return model


def net_small(pretrained=False, **kwargs):
    return _net(16, **kwargs)


def net_large(pretrained=False, **kwargs):
    return _net(64, **kwargs)
'''
ZOO_MLP = NET_LOGITS.replace("class Net(", "class MLP(") + '''

def mlp(**kwargs):
    return MLP(**kwargs)
'''
ZOO_TRAIN = TRAIN.format(imports="import argparse\nimport models", model="{pick}(num_classes=10)").replace(
    "model = ", "args = argparse.ArgumentParser().parse_args()\nmodel = ")


@pytest.mark.parametrize("pick", ["models.__dict__[args.arch]", "getattr(models, args.arch)", "vars(models)[args.arch]"])
def test_a_zoo_of_factory_functions_picked_by_an_option(tmp_path, pick):
    """torchvision's reference-script form on the project's own package: `models.__dict__[args.arch](...)`.
    Each model class the zoo's factories build is followed along its own path (the softmax one is found)."""
    root = write(tmp_path, {"models/__init__.py": ZOO_INIT, "models/net.py": ZOO_NET, "models/mlp.py": ZOO_MLP,
                            "train.py": ZOO_TRAIN.format(pick=pick)})
    assert where(findings(root, "train.py")) == [LG104_IN_NET]


def test_a_zoo_whose_models_all_return_logits_is_silent(tmp_path):
    root = write(tmp_path, {"models/__init__.py": ZOO_INIT, "models/net.py": ZOO_NET.replace(
        "return F.softmax(self.fc(x), dim=1)", "return self.fc(x)"), "models/mlp.py": ZOO_MLP,
        "train.py": ZOO_TRAIN.format(pick="models.__dict__[args.arch]")})
    assert findings(root, "train.py") == []


def test_a_module_of_helpers_picked_by_name_is_not_a_model_zoo(tmp_path):
    """getattr(activations, name) over functions that build no model: no extra runs, nothing reported."""
    root = write(tmp_path, {
        "acts.py": "import torch.nn.functional as F\n\n\ndef soft(x):\n    return F.softmax(x, dim=1)\n\n\n"
                   "def ident(x):\n    return x\n",
        "train.py": TRAIN.format(imports="import sys\nimport acts", model="nn.Linear(64, 10)").replace(
            "loss = criterion(model(x), y)", "loss = criterion(getattr(acts, sys.argv[1])(model(x)), y)"),
    })
    assert findings(root, "train.py") == []


DIST_NET = '''\
from skorch import NeuralNet


class WorkerNet(NeuralNet):
    """Trains on remote workers: its own fit never calls NeuralNet.fit in this process."""

    def __init__(self, module, criterion, num_workers, lr=0.01, **kwargs):
        self.num_workers = num_workers
        super().__init__(module, criterion, lr=lr, **kwargs)

    def fit(self, X, y=None, **fit_params):
        {body}
        return self
'''
DIST_SCRIPT = '''\
import numpy as np
from torch import nn
from distnet import WorkerNet


class MyModule(nn.Module):
    def __init__(self):
        super().__init__()
        self.output = nn.Linear(20, 2)
        self.softmax = nn.Softmax(dim=-1)

    def forward(self, X, **kwargs):
        return {out}


net = WorkerNet(MyModule, num_workers=2, criterion=nn.CrossEntropyLoss, max_epochs=10)
net.fit(np.zeros((100, 20), dtype=np.float32), np.zeros(100, dtype=np.int64))
'''


@pytest.mark.parametrize("body", ["self.trainer_ = start_workers(self, X, y)",
                                  "self.initialize()\n        return super().fit(X, y, **fit_params)"])
def test_a_project_subclass_of_a_skorch_estimator_that_overrides_fit(tmp_path, body):
    """A subclass of skorch's NeuralNet trains its module with its criterion whatever its own fit does
    on the way (dispatching to workers); reported once when the override does call NeuralNet.fit."""
    root = write(tmp_path, {"distnet/__init__.py": "from .base import WorkerNet\n",
                            "distnet/base.py": DIST_NET.format(body=body),
                            "examples/train.py": DIST_SCRIPT.format(out="self.softmax(self.output(X))")})
    # the criterion's related location is where the subclass hands it to NeuralNet (its super().__init__)
    assert where(findings(root, "examples/train.py")) == [("LG104", "examples/train.py", 13, ("distnet/base.py",))]


def test_a_project_subclass_of_a_skorch_estimator_on_logits_is_silent(tmp_path):
    root = write(tmp_path, {"distnet/__init__.py": "from .base import WorkerNet\n",
                            "distnet/base.py": DIST_NET.format(body="self.trainer_ = start_workers(self, X, y)"),
                            "examples/train.py": DIST_SCRIPT.format(out="self.output(X)")})
    assert findings(root, "examples/train.py") == []


def test_src_layout_and_a_script_folder(tmp_path):
    root = write(tmp_path, {"src/demo/__init__.py": "", "src/demo/models/__init__.py": "",
                            "src/demo/models/net.py": NET_SOFTMAX,
                            "scripts/train.py": TRAIN.format(imports="from demo.models.net import Net", model="Net()")})
    assert where(findings(root, "scripts/train.py")) == [("LG104", "src/demo/models/net.py", 11, ("scripts/train.py",))]


def test_relative_imports_up_the_package(tmp_path):
    root = write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/nets/__init__.py": "",
        "pkg/nets/net.py": NET_SOFTMAX,
        "pkg/training/__init__.py": "",
        "pkg/training/train.py": TRAIN.format(imports="from ..nets.net import Net", model="Net()"),
    })
    assert where(findings(root, "pkg/training/train.py")) == [("LG104", "pkg/nets/net.py", 11, ("pkg/training/train.py",))]


def test_config_module_constants_and_a_criterion_factory(tmp_path):
    root = write(tmp_path, {
        "config.py": "NUM_CLASSES = 1\n",
        "losses.py": "import torch.nn as nn\n\n\ndef make_loss():\n    return nn.CrossEntropyLoss()\n",
        "train.py": '''\
import torch
import torch.nn as nn
import config as cfg
from losses import make_loss

model = nn.Sequential(nn.Linear(16, cfg.NUM_CLASSES))
criterion = make_loss()
loss = criterion(model(torch.randn(4, 16)), torch.randint(0, 3, (4,)))
loss.backward()
''',
    })
    found = findings(root, "train.py")
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [("LG204", "train.py", 6)]
    assert [r["path"] for r in found[0]["related"]] == ["losses.py"]


def test_a_custom_loss_module(tmp_path):
    root = write(tmp_path, {
        "losses.py": '''\
import torch.nn as nn
import torch.nn.functional as F


class FocalLoss(nn.Module):
    def __init__(self, gamma=2.0):
        super().__init__()
        self.gamma = gamma

    def forward(self, logits, target):
        ce = F.cross_entropy(logits, target, reduction="none")
        return ce.mean()
''',
        "models/net.py": NET_SOFTMAX,
        "train.py": TRAIN.format(imports="from losses import FocalLoss\nfrom models.net import Net",
                                 model="Net()").replace("nn.CrossEntropyLoss()", "FocalLoss()"),
    })
    found = findings(root, "train.py")
    # both halves are imported: the finding also names the line of train.py that reaches them
    assert where(found) == [("LG104", "models/net.py", 11, ("losses.py", "train.py"))]
    assert [(r["path"], r["line"]) for r in found[0]["related"]] == [("losses.py", 11), ("train.py", 9)]


def test_a_keras_builder_compiled_in_the_training_script(tmp_path):
    root = write(tmp_path, {
        "model.py": '''\
from tensorflow import keras


def build_model(num_classes):
    return keras.Sequential([
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(num_classes, activation="softmax"),
    ])
''',
        "train.py": '''\
from model import build_model

model = build_model(10)
model.compile(optimizer="adam", loss="binary_crossentropy")
''',
    })
    found = findings(root, "train.py")
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [("LG101", "model.py", 7)]
    assert [r["path"] for r in found[0]["related"]] == ["train.py"]


def test_a_notebook_importing_a_local_module(tmp_path):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# training\n"]},
             {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": ["from utils import build_model\n", "model = build_model()\n"]},
             {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": ["%time\n", "model.compile(optimizer='adam', loss='categorical_crossentropy')\n"]}]
    root = write(tmp_path, {
        "utils.py": "from tensorflow import keras\n\n\ndef build_model():\n"
                    "    return keras.Sequential([keras.layers.Dense(5, activation='sigmoid')])\n",
        "nb.ipynb": json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
    })
    found = findings(root, "nb.ipynb")
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [("LG103", "utils.py", 5)]
    assert found[0]["related"][0]["path"] == "nb.ipynb" and found[0]["related"][0]["cell"] == 3


# ------------------------------------------------------------------------------ Python's semantics
def test_an_imported_module_does_not_run_its_main_block(tmp_path):
    root = write(tmp_path, {
        "models/net.py": NET_LOGITS + '''

if __name__ == "__main__":
    import torch
    net = Net()
    probs = F.softmax(net(torch.randn(2, 64)), dim=1)
    nn.CrossEntropyLoss()(probs, torch.tensor([0, 1])).backward()
''',
        "train.py": TRAIN.format(imports="from models.net import Net", model="Net()"),
    })
    assert findings(root, "train.py") == []
    # run as a script, the demo block is a program of its own, and it is wrong
    assert [f["rule"] for f in findings(root, "models/net.py")] == ["LG104"]


def test_a_folder_named_like_a_library_does_not_hide_it(tmp_path):
    root = write(tmp_path, {
        "torch/README.txt": "datasets go here\n",
        "data/__init__.py": "",
        "models/net.py": NET_SOFTMAX,
        "train.py": TRAIN.format(imports="from models.net import Net", model="Net()"),
    })
    assert where(findings(root, "train.py")) == [LG104_IN_NET]


def test_import_cycles_and_deep_chains_terminate(tmp_path):
    chain = {f"m{i}.py": f"from m{i + 1} import *\nfrom m0 import *\n" for i in range(120)}
    chain["m120.py"] = NET_SOFTMAX
    root = write(tmp_path, {**chain, "train.py": TRAIN.format(imports="from m0 import Net", model="Net()")})
    started = time.perf_counter()
    found = findings(root, "train.py")
    assert time.perf_counter() - started < 20
    # beyond the import-depth limit names are unknown: silent, never wrong
    assert found == [] or where(found) == [("LG104", "m120.py", 11, ("train.py",))]
    short = {f"n{i}.py": f"from n{i + 1} import *\nimport n0\n" for i in range(10)}
    short["n10.py"] = NET_SOFTMAX
    root2 = write(tmp_path / "short", {**short, "train.py": TRAIN.format(imports="from n0 import Net", model="Net()")})
    assert where(findings(root2, "train.py")) == [("LG104", "n10.py", 11, ("train.py",))]


def test_a_broken_imported_module_leaves_its_names_unknown(tmp_path):
    root = write(tmp_path, {"models/net.py": NET_SOFTMAX + "\ndef broken(:\n",
                            "train.py": TRAIN.format(imports="from models.net import Net", model="Net()")})
    assert findings(root, "train.py") == []


# ------------------------------------------------------------------------------ findings of a run
def test_reported_once_when_both_files_are_checked(tmp_path):
    root = write(tmp_path, {"models/net.py": NET_SOFTMAX,
                            "train.py": TRAIN.format(imports="from models.net import Net", model="Net()")})
    assert where(findings(root, ".")) == [LG104_IN_NET]
    assert where(findings(root, "train.py", "models/net.py")) == [LG104_IN_NET]
    assert where(findings(root, "models/net.py", "train.py")) == [LG104_IN_NET]


def test_checking_only_the_model_file_analyses_the_scripts_that_import_it(tmp_path):
    """pre-commit passes only the changed models/net.py: its mistake shows in train.py's program."""
    root = write(tmp_path, {"models/__init__.py": "", "models/net.py": NET_SOFTMAX,
                            "pipeline/steps.py": "from models.net import Net\n\n\ndef build():\n    return Net()\n",
                            "train.py": TRAIN.format(imports="from pipeline.steps import build", model="build()"),
                            "unrelated.py": "import torch\nx = torch.zeros(3)\n"})
    found = findings(root, "models/net.py")
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [("LG104", "models/net.py", 11)]
    assert found[0]["related"][0]["path"] == "train.py"
    text = cli("check", "--no-cache", "--isolated", "models/net.py", cwd=root).out
    assert "in 1 file checked" in text  # the importers are analysed, not counted as checked
    (root / "pyproject.toml").write_text('[tool.lossguard]\nexclude = ["train.py"]\n')
    assert cli("check", "--format", "json", "--no-cache", "models/net.py", cwd=root).json() == []
    assert findings(root, "--no-follow-imports", "models/net.py") == []


def test_paths_follow_the_form_the_user_gave(tmp_path):
    root = write(tmp_path, {"models/net.py": NET_SOFTMAX,
                            "train.py": TRAIN.format(imports="from models.net import Net", model="Net()")})
    absolute = findings(root, str(root / "train.py"))
    assert absolute[0]["path"] == str(root / "models" / "net.py")
    assert absolute[0]["related"][0]["path"] == str(root / "train.py")
    parent = cli("check", "--format", "json", "--no-cache", "--isolated", f"{root.name}/train.py", cwd=root.parent)
    assert parent.json()[0]["path"] == f"{root.name}/models/net.py"


def test_suppressions_at_the_primary_and_at_the_related_location(tmp_path):
    files = {"models/net.py": NET_SOFTMAX, "train.py": TRAIN.format(imports="from models.net import Net", model="Net()")}
    root = write(tmp_path / "a", dict(files, **{"models/net.py": NET_SOFTMAX.replace("dim=1)", "dim=1)  # noqa: LG104")}))
    assert findings(root, "train.py") == []
    root = write(tmp_path / "b", dict(files, **{"train.py": files["train.py"].replace(
        "criterion = nn.CrossEntropyLoss()", "criterion = nn.CrossEntropyLoss()  # lossguard: ignore[LG104]")}))
    assert findings(root, "train.py") == []
    root = write(tmp_path / "c", dict(files, **{"train.py": files["train.py"].replace(
        "criterion = nn.CrossEntropyLoss()", "criterion = nn.CrossEntropyLoss()  # noqa: LG101")}))
    assert len(findings(root, "train.py")) == 1


def test_per_file_ignores_apply_to_the_primary_file(tmp_path):
    root = write(tmp_path, {"models/net.py": NET_SOFTMAX,
                            "train.py": TRAIN.format(imports="from models.net import Net", model="Net()")})
    (root / "pyproject.toml").write_text('[tool.lossguard]\nper-file-ignores = { "models/*" = ["LG104"] }\n')
    run = cli("check", "--format", "json", "--no-cache", "train.py", cwd=root)
    assert run.json() == []


def test_every_output_format_names_both_files(tmp_path):
    root = write(tmp_path, {"models/net.py": NET_SOFTMAX,
                            "train.py": TRAIN.format(imports="from models.net import Net", model="Net()")})
    text = cli("check", "--no-cache", "--isolated", "train.py", cwd=root).out
    assert "models/net.py:11:16: LG104" in text and "= note: train.py:6:13: the loss that expects logits" in text
    sarif = json.loads(cli("check", "--no-cache", "--isolated", "--format", "sarif", "train.py", cwd=root).out)
    result = sarif["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "models/net.py"
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "train.py"
    github = cli("check", "--no-cache", "--isolated", "--format", "github", "train.py", cwd=root).out
    assert github.startswith("::error file=models/net.py,line=11,")


# ------------------------------------------------------------------------------ cache, -j, options
def test_checking_only_the_model_file_without_a_project_marker(tmp_path):
    """An unpacked archive (no .git, no pyproject): the folder lossguard runs in is the project."""
    root = tmp_path / "unpacked"
    root.mkdir()
    (root / "nets.py").write_text(NET_SOFTMAX)
    (root / "run.py").write_text(TRAIN.format(imports="from nets import Net", model="Net()"))
    found = findings(root, "nets.py")
    assert [(f["rule"], f["path"], f["line"], f["related"][0]["path"]) for f in found] == [
        ("LG104", "nets.py", 11, "run.py")]


def test_editing_an_imported_module_rechecks_the_importer(tmp_path):
    root = write(tmp_path, {"models/net.py": NET_SOFTMAX,
                            "train.py": TRAIN.format(imports="from models.net import Net", model="Net()")})
    cache = ["--cache-dir", str(tmp_path / "cache"), "--isolated", "--format", "json", "train.py"]
    assert len(cli("check", *cache, cwd=root).json()) == 1
    assert len(cli("check", *cache, cwd=root).json()) == 1  # from the cache
    (root / "models" / "net.py").write_text(NET_LOGITS)
    assert cli("check", *cache, cwd=root).json() == []
    (root / "models" / "net.py").write_text(NET_SOFTMAX)
    assert len(cli("check", *cache, cwd=root).json()) == 1


def test_a_module_that_appears_rechecks_the_importer(tmp_path):
    root = write(tmp_path, {"train.py": TRAIN.format(imports="from models.net import Net", model="Net()")})
    cache = ["--cache-dir", str(tmp_path / "cache"), "--isolated", "--format", "json", "train.py"]
    assert cli("check", *cache, cwd=root).json() == []
    (root / "models").mkdir()
    (root / "models" / "net.py").write_text(NET_SOFTMAX)
    assert len(cli("check", *cache, cwd=root).json()) == 1


def test_parallel_output_is_identical_to_serial(tmp_path):
    files = {"models/__init__.py": "from .net import Net\n", "models/net.py": NET_SOFTMAX}
    for i in range(12):
        files[f"scripts/train_{i}.py"] = TRAIN.format(imports="from models import Net", model="Net()")
    root = write(tmp_path, files)
    serial = cli_subprocess("check", "--no-cache", "--isolated", "-j", "1", ".", cwd=root)
    parallel = cli_subprocess("check", "--no-cache", "--isolated", "-j", "2", ".", cwd=root)
    assert serial.code == parallel.code == 1
    assert serial.out == parallel.out
    assert serial.out.count("LG104") == 1  # one root cause, reported once, related to the first program


def test_no_follow_imports_restores_per_file_analysis(tmp_path):
    root = write(tmp_path, {"models/net.py": NET_SOFTMAX,
                            "train.py": TRAIN.format(imports="from models.net import Net", model="Net()")})
    assert findings(root, "--no-follow-imports", "train.py") == []
    (root / "pyproject.toml").write_text("[tool.lossguard]\nfollow-imports = false\n")
    assert cli("check", "--format", "json", "--no-cache", "train.py", cwd=root).json() == []
    assert len(cli("check", "--format", "json", "--no-cache", "--follow-imports", "train.py", cwd=root).json()) == 1


def test_src_adds_import_roots(tmp_path):
    root = write(tmp_path, {"lib/shared/net.py": NET_SOFTMAX,
                            "apps/train.py": TRAIN.format(imports="from shared.net import Net", model="Net()")})
    assert findings(root, "apps/train.py") == []
    (root / "pyproject.toml").write_text('[tool.lossguard]\nsrc = ["lib"]\n')
    found = cli("check", "--format", "json", "--no-cache", "apps/train.py", cwd=root).json()
    assert where(found) == [("LG104", "lib/shared/net.py", 11, ("apps/train.py",))]
    (root / "pyproject.toml").write_text('[tool.lossguard]\nsrc = "lib"\nfollow-imports = "yes"\n')
    bad = cli("check", "--no-cache", "apps/train.py", cwd=root)
    assert bad.code == 2 and "follow-imports must be true or false" in bad.err


def test_stdin_with_a_file_name_follows_its_imports(tmp_path):
    root = write(tmp_path, {"models/net.py": NET_SOFTMAX})
    code = TRAIN.format(imports="from models.net import Net", model="Net()")
    run = cli("check", "--format", "json", "--isolated", "--stdin-filename", "train.py", "-", input=code, cwd=root)
    assert where(run.json()) == [LG104_IN_NET]


# ------------------------------------------------------------------------------ --fix across files
def test_fix_edits_the_file_that_holds_the_fixed_node_and_only_it(tmp_path):
    root = write(tmp_path, {"models/net.py": NET_SOFTMAX,
                            "train.py": TRAIN.format(imports="from models.net import Net", model="Net()")})
    train_before = (root / "train.py").read_bytes()
    diff = cli("check", "--no-cache", "--isolated", "--diff", "--unsafe-fixes", "train.py", cwd=root)
    assert diff.code == 1 and "--- models/net.py" in diff.out and "+        return self.fc(x)" in diff.out
    assert (root / "models" / "net.py").read_text() == NET_SOFTMAX  # --diff writes nothing
    fixed = cli("check", "--no-cache", "--isolated", "--fix", "--unsafe-fixes", "train.py", cwd=root)
    assert fixed.code == 0, fixed.out + fixed.err
    assert "Fixed 1 finding in 1 file." in fixed.out + fixed.err
    assert (root / "models" / "net.py").read_text() == NET_LOGITS
    assert (root / "train.py").read_bytes() == train_before
    assert findings(root, "train.py") == []


def test_fix_with_both_files_checked_fixes_once(tmp_path):
    root = write(tmp_path, {"models/net.py": NET_SOFTMAX,
                            "train.py": TRAIN.format(imports="from models.net import Net", model="Net()")})
    fixed = cli("check", "--no-cache", "--isolated", "--fix", "--unsafe-fixes", ".", cwd=root)
    assert fixed.code == 0, fixed.out + fixed.err
    assert (root / "models" / "net.py").read_text() == NET_LOGITS


def test_fix_reports_what_remains_in_the_paths_check_uses(tmp_path):
    root = write(tmp_path, {"models/net.py": NET_SOFTMAX,
                            "train.py": TRAIN.format(imports="from models.net import Net", model="Net()")})
    safe_only = cli("check", "--no-cache", "--isolated", "--fix", "--format", "json", "train.py", cwd=root)
    assert safe_only.code == 1  # the fix is unsafe: nothing written, the finding remains
    assert where(json.loads(safe_only.out)) == [LG104_IN_NET]
    assert (root / "models" / "net.py").read_text() == NET_SOFTMAX


def test_a_class_registry_keyed_by_class_name_and_a_config_module_imported_by_name(tmp_path):
    root = write(tmp_path, {
        "zoo/__init__.py": "",
        "zoo/registry.py": '''\
class Registry:
    def __init__(self):
        self._classes = {}

    def register(self, cls):
        self._classes[cls.__name__] = cls
        return cls

    def build(self, spec):
        spec = dict(spec)
        return self._classes[spec.pop("type")](**spec)


MODELS = Registry()
''',
        "zoo/heads.py": '''\
import torch
import torch.nn as nn

from zoo.registry import MODELS


@MODELS.register
class TagHead(nn.Module):
    def __init__(self, tags=5):
        super().__init__()
        self.fc = nn.Linear(32, tags)

    def forward(self, x):
        return {"tags": torch.sigmoid(self.fc(x))}
''',
        "settings/__init__.py": "",
        "settings/small.py": 'model = dict(type="TagHead", tags=5)\n',
        "run.py": '''\
import importlib

import torch
import torch.nn as nn

import zoo.heads  # noqa: F401  (registers the heads)
from zoo.registry import MODELS

cfg = importlib.import_module("settings.small")
net = nn.DataParallel(MODELS.build(cfg.model))
loss = nn.BCEWithLogitsLoss()(net(torch.randn(4, 32))["tags"], torch.rand(4, 5))
loss.backward()
''',
    })
    assert where(findings(root, "run.py")) == [("LG104", "zoo/heads.py", 14, ("run.py",))]


def test_an_imported_module_beyond_cpythons_limits_is_refused_not_a_crash(tmp_path):
    """The plainness check parses imported modules with CPython first; its tree must come from the
    same guard as the analysis parse (deeper input would crash libcst's native parser)."""
    deep = "x = " + "(" * 1500 + "1" + ")" * 1500 + "\n"
    root = write(tmp_path, {"deep.py": "import torch\n" + deep, "models/net.py": NET_SOFTMAX,
                            "train.py": TRAIN.format(imports="from deep import x\nfrom models.net import Net",
                                                     model="Net()")})
    run = cli_subprocess("check", "--no-cache", "--isolated", "--format", "json", "train.py", cwd=root)
    assert run.code == 1, run.err
    assert [f["rule"] for f in run.json()] == ["LG104"]


def test_without_a_project_marker_the_folder_lossguard_runs_in_is_a_root(tmp_path):
    """An unpacked archive has no .git or pyproject.toml: scripts/train.py importing the root's
    package resolves as `python -m scripts.train` run from the root would."""
    root = tmp_path / "unpacked"
    for name, text in {"models/__init__.py": "", "models/net.py": NET_SOFTMAX, "scripts/__init__.py": "",
                       "scripts/train.py": TRAIN.format(imports="from models.net import Net", model="Net()")}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    found = cli("check", "--format", "json", "--no-cache", "--isolated", "scripts/train.py", cwd=root).json()
    assert where(found) == [("LG104", "models/net.py", 11, ("scripts/train.py",))]


@pytest.mark.parametrize("call", ["self.__call__(x)", "self.forward(x)", "self(x)"])
def test_a_module_calling_itself_by_any_spelling(tmp_path, call):
    code = NET_SOFTMAX + f'''

class Wrapper(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = Net()

    def forward(self, x):
        return self.inner.__call__(x) if False else {call.replace("self", "self.inner")}
'''
    root = write(tmp_path, {"models/net.py": code, "train.py": TRAIN.format(
        imports="from models.net import Wrapper", model="Wrapper()")})
    assert where(findings(root, "train.py")) == [LG104_IN_NET]


def test_a_safe_fix_in_an_imported_module_counts_as_unsafe(tmp_path):
    """Renaming the criterion in a shared losses module changes it for every importer."""
    root = write(tmp_path, {
        "losses.py": "import torch.nn as nn\n\n\ndef make_loss():\n    return nn.BCEWithLogitsLoss()\n",
        "train.py": '''\
import torch
import torch.nn as nn
from losses import make_loss

model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())
loss = make_loss()(model(torch.randn(2, 4)), torch.rand(2, 1))
loss.backward()
''',
    })
    found = findings(root, "train.py")
    assert found[0]["rule"] == "LG104" and found[0]["fix"]["applicability"] == "unsafe"
    assert cli("check", "--no-cache", "--isolated", "--fix", "train.py", cwd=root).code == 1
    assert "BCEWithLogitsLoss" in (root / "losses.py").read_text()
    assert cli("check", "--no-cache", "--isolated", "--fix", "--unsafe-fixes", "train.py", cwd=root).code == 0
    assert "nn.BCELoss()" in (root / "losses.py").read_text()


# ------------------------------------------------------------------------------ which importers count
IMPORTERS_TREE = {
    "models/__init__.py": "from .net import Net\nfrom .other import Other\n\n\ndef build(kind):\n    return Net() if kind == 'net' else Other()\n",
    "models/net.py": NET_SOFTMAX,
    "models/other.py": NET_SOFTMAX.replace("class Net", "class Other"),
    "zoo/__init__.py": "from .layers import *\n",
    "zoo/layers/__init__.py": "from models import (\n    Net as Deep,  # the deep one\n    Other as Broad,\n)\n",
    "helpers.py": "from models.net import Net as Deep\nfrom models.other import Other as Wide\n",
    "train_wide.py": TRAIN.format(imports="from helpers import Wide", model="Wide()"),
    "train_net.py": TRAIN.format(imports="from models import Net", model="Net()"),
    "train_other.py": TRAIN.format(imports="from models import Other", model="Other()"),
    "train_alias.py": TRAIN.format(imports="import models as m", model="m.Net()"),
    "train_module_other.py": TRAIN.format(imports="import models as m", model="m.Other()"),
    "train_by_name.py": TRAIN.format(imports="import sys\nimport models", model="vars(models)[sys.argv[1]]()"),
    "train_built.py": TRAIN.format(imports="from models import build", model="build('net')"),
    "train_deep.py": TRAIN.format(imports="from zoo import Deep", model="Deep()"),
    "train_broad.py": TRAIN.format(imports="from zoo import Broad", model="Broad()"),
}


def test_importers_through_a_package_count_by_the_names_they_take(tmp_path):
    """A package's __init__ that re-exports many modules is imported by most of a project; a file
    importing another of its names never reaches the checked module (aeon: 192 → 39 importers of one
    tree module, 3m34s → 21 s). Names taken, names mentioned, names read at run time, the package's own
    functions, re-exports of re-exports (parenthesised, aliased) all still count."""
    from lossguard.project.importers import find_importers

    root = write(tmp_path, IMPORTERS_TREE)
    net = str(root / "models" / "net.py")
    found = {os.path.relpath(p, root) for p in find_importers([net], [net])}
    # helpers.py is a plain module: any of its functions may use Net, so all its importers count
    assert found == {"models/__init__.py", "helpers.py", "zoo/__init__.py", "zoo/layers/__init__.py",
                     "train_net.py", "train_alias.py", "train_by_name.py", "train_built.py", "train_deep.py",
                     "train_wide.py"}
    other = str(root / "models" / "other.py")
    of_other = {os.path.relpath(p, root) for p in find_importers([other], [other])}
    assert {"train_other.py", "train_broad.py", "train_module_other.py"} <= of_other
    assert not {"train_net.py", "train_alias.py", "train_deep.py"} & of_other
    # and the findings: every program that trains Net reports the softmax in models/net.py
    [finding] = findings(root, "models/net.py")
    assert (finding["rule"], finding["path"], finding["line"]) == ("LG104", "models/net.py", 11)
    assert finding["related"][0]["path"] in found
    for trainer in ("train_deep.py", "train_built.py", "train_by_name.py"):  # each program sees it too
        seen = sorted((f["rule"], f["path"]) for f in findings(root, trainer))
        assert ("LG104", "models/net.py") in seen, trainer
    assert seen == [("LG104", "models/net.py"), ("LG104", "models/other.py")]  # by name: either model
