"""Programs whose fixes must keep them runnable, and a runner that executes them with the real
torch and Keras on tiny inputs (tests/test_fix_runnable.py, the dedicated fuzz run).

Each program builds a model, runs one training step on a batch of two or four samples and exits;
it runs unchanged before the fix, and must still run after `lossguard check --fix --unsafe-fixes`.
`torch_program` builds the layer-removal cases from independent choices (where the softmax layer
is written, formatting, the loss), so the fuzz run can draw them at random.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Optional

TORCH_HEADER = (
    "import torch\n"
    "import torch.nn as nn\n"
    "import torch.nn.functional as F\n"
    "from collections import OrderedDict\n"
)

# Where the softmax layer that LG104 reports is written: {sm} is the layer expression.
# Each builds `self.body`, a module that maps (batch, 4) to (batch, 3).
TORCH_CONTAINERS = {
    "sequential_last": "        self.body = nn.Sequential(nn.Linear(4, 3), {sm})\n",
    "sequential_middle": "        self.body = nn.Sequential(nn.Linear(4, 3), {sm}, nn.Dropout(0.0))\n",
    "sequential_only": "        self.fc = nn.Linear(4, 3)\n        self.body = nn.Sequential(self.fc, nn.Sequential({sm}))\n",
    "sequential_multiline": (
        "        self.body = nn.Sequential(\n"
        "            nn.Linear(4, 3),\n"
        "            {sm},  # probabilities\n"
        "        )\n"),
    "sequential_multiline_no_trailing_comma": (
        "        self.body = nn.Sequential(\n"
        "            nn.Linear(4, 3),\n"
        "            {sm}\n"
        "        )\n"),
    "sequential_multiline_middle": (
        "        self.body = nn.Sequential(\n"
        "            nn.Linear(4, 3),  # the head\n"
        "            # turn scores into probabilities\n"
        "            {sm},  # probabilities\n"
        "            nn.Dropout(0.0),\n"
        "        )\n"),
    "append": "        layers = [nn.Linear(4, 3)]\n        layers.append({sm})\n        self.body = nn.Sequential(*layers)\n",
    "insert": "        layers = [nn.Linear(4, 3)]\n        layers.insert(1, {sm})\n        self.body = nn.Sequential(*layers)\n",
    "extend": "        layers = []\n        layers.extend([nn.Linear(4, 3), {sm}])\n        self.body = nn.Sequential(*layers)\n",
    "add_module": "        self.body = nn.Sequential(nn.Linear(4, 3))\n        self.body.add_module(\"sm\", {sm})\n",
    "ordered_dict": "        self.body = nn.Sequential(OrderedDict([(\"fc\", nn.Linear(4, 3)), (\"sm\", {sm})]))\n",
    "ordered_dict_literal": "        self.body = nn.Sequential(OrderedDict({\"fc\": nn.Linear(4, 3), \"sm\": {sm}}))\n",
    "starred_list": "        self.body = nn.Sequential(*[nn.Linear(4, 3), {sm}])\n",
    "tuple_return": (
        "        fc, sm = self.make()\n"
        "        self.body = nn.Sequential(fc, sm)\n"
        "\n"
        "    def make(self):\n"
        "        return nn.Linear(4, 3), {sm}\n"),
    "named_layer": "        sm = {sm}\n        self.body = nn.Sequential(nn.Linear(4, 3), sm)\n",
    "attribute_layer": "        self.fc = nn.Linear(4, 3)\n        self.sm = {sm}\n        self.body = nn.Sequential(self.fc, self.sm)\n",
    "module_list": "        self.steps = nn.ModuleList([nn.Linear(4, 3), {sm}])\n        self.body = nn.Sequential(*self.steps)\n",
}
SOFTMAX_LAYERS = {
    "nn": "nn.Softmax(dim=1)",
    "nn_positional": "nn.Softmax(1)",
    "qualified": "torch.nn.Softmax(dim=-1)",
}
LOSSES = {
    "module": ("criterion = nn.CrossEntropyLoss()\n", "criterion(out, y)"),
    "functional": ("", "F.cross_entropy(out, y)"),
}


def torch_program(container: str, layer: str = "nn", loss: str = "module") -> str:
    setup, call = LOSSES[loss]
    body = TORCH_CONTAINERS[container].replace("{sm}", SOFTMAX_LAYERS[layer])
    return (
        f"{TORCH_HEADER}\n\n"
        "class Net(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        f"{body}\n"
        "    def forward(self, x):\n"
        "        return self.body(x)\n"
        "\n\n"
        "torch.manual_seed(0)\n"
        "model = Net()\n"
        f"{setup}"
        "x, y = torch.randn(2, 4), torch.tensor([0, 2])\n"
        "out = model(x)\n"
        f"loss = {call}\n"
        "loss.backward()\n"
        "assert out.shape == (2, 3)\n"
    )


def _torch_forward(forward: str, init: str = "        self.fc = nn.Linear(4, 3)\n", loss: str = "nn.CrossEntropyLoss()",
                   target: str = "torch.tensor([0, 2])") -> str:
    return (
        f"{TORCH_HEADER}\n\n"
        "class Net(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        f"{init}\n"
        "    def forward(self, x):\n"
        f"{forward}"
        "\n\n"
        "torch.manual_seed(0)\n"
        "model = Net()\n"
        f"criterion = {loss}\n"
        f"loss = criterion(model(torch.randn(2, 4)), {target})\n"
        "loss.backward()\n"
    )


# Fixes that replace an expression: precedence must survive (`F.softmax(a - b, dim=1).sum()`).
TORCH_EXPRESSIONS = {
    "function_of_difference": _torch_forward("        return F.softmax(self.fc(x) - 1.0, dim=1)\n"),
    "function_then_method": _torch_forward("        return F.softmax(self.fc(x) * 2, dim=1).clone()\n"),
    "negated_then_method": _torch_forward("        return torch.softmax(-self.fc(x), 1).clone()\n"),
    "function_then_subscript": _torch_forward("        return F.softmax(self.fc(x) + 1, dim=1)[:, :]\n"),
    "function_of_walrus": _torch_forward("        return F.softmax(h := self.fc(x), dim=1)\n"),
    "module_call_of_sum": _torch_forward("        return self.sm(self.fc(x) + 0)\n",
                                         init="        self.fc = nn.Linear(4, 3)\n        self.sm = nn.Softmax(dim=1)\n"),
    "method_of_parenthesised": _torch_forward("        return (self.fc(x) + 0).softmax(dim=1)\n"),
    "sigmoid_before_bce_with_logits": _torch_forward(
        "        return torch.sigmoid(self.fc(x))\n", init="        self.fc = nn.Linear(4, 1)\n",
        loss="nn.BCEWithLogitsLoss()", target="torch.ones(2, 1)"),
    "linear_into_bce_with_weight": _torch_forward(
        "        return self.fc(x)\n", init="        self.fc = nn.Linear(4, 1)\n",
        loss="nn.BCELoss(weight=torch.ones(1))", target="torch.ones(2, 1)"),
    "nll_after_softmax": _torch_forward("        return F.softmax(self.fc(x), dim=1)\n", loss="nn.NLLLoss()"),
    "nll_on_logits": _torch_forward("        return self.fc(x)\n", loss="nn.NLLLoss(ignore_index=-100)"),
    "softmax_over_batch": _torch_forward("        return F.log_softmax(self.fc(x), dim=0)\n", loss="nn.NLLLoss()"),
}

# A bare name has no `nn.` to reach nn.Identity through: no fix may be applied there.
TORCH_BARE_NAMES = '''\
import torch
from torch.nn import CrossEntropyLoss, Linear, Module, Sequential, Softmax


class Net(Module):
    def __init__(self):
        super().__init__()
        layers = [Linear(4, 3)]
        layers.append(Softmax(dim=1))
        self.body = Sequential(*layers)

    def forward(self, x):
        return self.body(x)


model = Net()
criterion = CrossEntropyLoss()
loss = criterion(model(torch.randn(2, 4)), torch.tensor([0, 1]))
loss.backward()
'''

KERAS_HEADER = (
    "import numpy as np\n"
    "import keras\n"
    "from keras import layers\n"
    "from sklearn.datasets import load_iris\n"
    "\n"
    "x, labels = load_iris(return_X_y=True)  # 150 samples, 4 features, 3 classes (bundled with scikit-learn)\n"
    "onehot = keras.utils.to_categorical(labels, 3)\n"
)


def _keras(model: str, compile_: str, fit: str = "model.fit(x, labels, epochs=1, verbose=0)\n") -> str:
    return f"{KERAS_HEADER}\n{model}{compile_}{fit}"


_DENSE3 = "model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='softmax')])\n"
KERAS_PROGRAMS = {
    "softmax_with_bce": _keras(_DENSE3, "model.compile(optimizer='adam', loss='binary_crossentropy')\n",
                               "model.fit(x, onehot, epochs=1, verbose=0)\n"),
    "softmax_one_unit": _keras("model = keras.Sequential([keras.Input((4,)), layers.Dense(1, activation='softmax')])\n",
                               "model.compile(optimizer='adam', loss='binary_crossentropy')\n",
                               "model.fit(x, labels % 2, epochs=1, verbose=0)\n"),
    "sigmoid_with_cce": _keras("model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='sigmoid')])\n",
                               "model.compile(optimizer='adam', loss='categorical_crossentropy')\n",
                               "model.fit(x, onehot, epochs=1, verbose=0)\n"),
    "softmax_into_from_logits": _keras(
        _DENSE3, "model.compile(optimizer='adam', loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n"),
    "linear_into_probability_loss": _keras(
        "model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\n",
        "model.compile(optimizer='adam', loss=keras.losses.CategoricalCrossentropy())\n",
        "model.fit(x, onehot, epochs=1, verbose=0)\n"),
    "sparse_loss_one_hot_labels": _keras(
        _DENSE3, "model.compile(optimizer='adam', loss=keras.losses.SparseCategoricalCrossentropy())\n",
        "model.fit(x, onehot, epochs=1, verbose=0)\n"),
    "sparse_loss_one_hot_labels_ignore_class": _keras(
        _DENSE3, "model.compile(optimizer='adam', loss=keras.losses.SparseCategoricalCrossentropy(ignore_class=None))\n",
        "model.fit(x, onehot, epochs=1, verbose=0)\n"),
    "categorical_loss_integer_labels": _keras(
        _DENSE3, "model.compile(optimizer='adam', loss=keras.losses.CategoricalCrossentropy())\n"),
    "categorical_loss_integer_labels_smoothing": _keras(
        _DENSE3, "model.compile(optimizer='adam', loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.1))\n"),
    "categorical_loss_integer_labels_axis": _keras(
        _DENSE3, "model.compile(optimizer='adam', loss=keras.losses.CategoricalCrossentropy(axis=-1))\n"),
    "accuracy_with_mse": _keras(
        "model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\n",
        "model.compile(optimizer='adam', loss='mse', metrics=['accuracy'])\n",
        "model.fit(x, labels.astype('float32'), epochs=1, verbose=0)\n"),
}

_RUNNER = r"""
import json, os, runpy, sys, traceback, warnings
warnings.simplefilter("ignore")
results = {}
for path in sys.argv[1:]:
    try:
        runpy.run_path(path, run_name="__main__")
        results[path] = None
    except BaseException as err:  # SystemExit included: a program must run to its end
        results[path] = f"{type(err).__name__}: {err}".splitlines()[0][:300]
print("RESULTS " + json.dumps(results))
"""


def run_programs(paths: list[str], keras: bool = False, timeout: float = 600) -> dict[str, Optional[str]]:
    """Execute each file with the real framework in one interpreter: path → None (it ran) or the error."""
    if not paths:
        return {}
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", KERAS_BACKEND=os.environ.get("KERAS_BACKEND", "tensorflow"),
               CUDA_VISIBLE_DEVICES="", OMP_NUM_THREADS="1")
    env.pop("LOSSGUARD_DEBUG", None)
    proc = subprocess.run([sys.executable, "-c", _RUNNER, *paths], capture_output=True, text=True, env=env,
                          timeout=timeout)
    line = next((l for l in proc.stdout.splitlines() if l.startswith("RESULTS ")), None)
    if line is None:
        raise AssertionError(f"the program runner failed (exit {proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(line[len("RESULTS "):])
