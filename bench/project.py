"""Generated multi-module projects for the project-wide analysis benchmark (deterministic).

    proj/
      pyproject.toml, config.py                 constants (number of classes, sizes)
      common/c_*.py                             helpers without ML code
      models/m_*.py, __init__.py                nn.Module blocks: m_i wraps the block of m_{i+1} within
                                                groups of 10 (10-deep import chains); the head of each chain
                                                is a model, half of them ending in a softmax;
                                                __init__ re-exports the heads
      losses/l_*.py                             criterion factories and custom nn.Module losses
      data/d_*.py                               datasets and loaders
      scripts/train_*.py                        each imports five local modules (config, a model, a loss,
                                                a data module, a helper) and trains; odd-numbered scripts
                                                take their model from the package (`from models import Net0`)

Two shapes, about 200 modules each (+ __init__ files):
  typical  8 helpers, each importing config only; 80 model modules; 70 scripts
  deep     40 helpers chained by star imports (c_i: `from common.c_{i+1} import *`, a 40-deep chain of
           modules without ML code that per-file analysis never parses), imported by every script;
           60 model modules; 60 scripts
"""

from __future__ import annotations

import random
from pathlib import Path

SHAPES = {"typical": {"common": 8, "models": 80, "losses": 20, "data": 20, "scripts": 70, "chained_helpers": False},
          "deep": {"common": 40, "models": 60, "losses": 20, "data": 20, "scripts": 60, "chained_helpers": True}}
CHAIN = 10  # models form chains of this length


def _filler(rng: random.Random, name: str, n: int) -> str:
    out = []
    for i in range(n):
        k = rng.randint(2, 9)
        out.append(f'''
def {name}_helper_{i}(values, k={k}):
    out = []
    acc = 0.0
    for j, v in enumerate(values):
        acc += v * {k}
        if j >= k:
            acc -= values[j - k]
        out.append(acc / min(j + 1, k))
    return out


class {name.title()}Record{i}:
    def __init__(self, path="{name}_{i}.log"):
        self.path = path
        self.rows = []

    def log(self, **kw):
        self.rows.append(dict(kw))
        return len(self.rows)
''')
    return "".join(out)


def _common(i: int, rng: random.Random, shape: dict) -> str:
    if shape["chained_helpers"]:
        head = f"from common.c_{i + 1} import *\n" if i + 1 < shape["common"] else ""
    else:
        head = "import config\n"
    return f'"""helpers {i}"""\nimport os\nimport math\n{head}\nSCALE_{i} = {i + 1}\n' + _filler(rng, f"c{i}", 3)


def _model(i: int, rng: random.Random, shape: dict) -> str:
    last_in_chain = (i + 1) % CHAIN == 0
    lines = ["import torch", "import torch.nn as nn", "import torch.nn.functional as F", "import config"]
    if not last_in_chain:
        lines.append(f"from models.m_{i + 1} import Block{i + 1}")
    lines += ["", "", f"class Block{i}(nn.Module):", "    def __init__(self, width=64):", "        super().__init__()"]
    lines.append(f"        self.inner = Block{i + 1}(width)" if not last_in_chain else "        self.inner = nn.Identity()")
    lines += ["        self.fc = nn.Linear(width, width)", "        self.norm = nn.LayerNorm(width)", "",
              "    def forward(self, x):", "        return self.norm(F.relu(self.fc(self.inner(x))))", "", ""]
    if i % CHAIN == 0:
        final = "return F.softmax(self.head(x), dim=1)" if (i // CHAIN) % 2 == 0 else "return self.head(x)"
        lines += [f"class Net{i}(nn.Module):", "    def __init__(self, num_classes=config.NUM_CLASSES, width=64):",
                  "        super().__init__()", f"        self.body = Block{i}(width)",
                  "        self.head = nn.Linear(width, num_classes)", "", "    def forward(self, x):",
                  "        x = self.body(x)", f"        {final}", "", "",
                  "    @torch.no_grad()", "    def predict(self, x):", "        return F.softmax(self.forward(x), dim=1)", ""]
    return "\n".join(lines) + "\n" + _filler(rng, f"m{i}", 2)


def _loss(i: int, rng: random.Random, shape: dict) -> str:
    if i % 2 == 0:
        body = f'''import torch.nn as nn


def make_criterion_{i}():
    return nn.CrossEntropyLoss(label_smoothing=0.0)
'''
    else:
        body = f'''import torch.nn as nn
import torch.nn.functional as F


class WeightedCE{i}(nn.Module):
    def __init__(self, weight=None):
        super().__init__()
        self.weight = weight

    def forward(self, logits, target):
        return F.cross_entropy(logits, target, weight=self.weight)
'''
    return body + _filler(rng, f"l{i}", 2)


def _data(i: int, rng: random.Random, shape: dict) -> str:
    return f'''import torch
from torch.utils.data import DataLoader, TensorDataset
import config


def make_loader_{i}(n=256, batch_size=32):
    x = torch.randn(n, 64)
    y = torch.randint(0, config.NUM_CLASSES, (n,))
    return DataLoader(TensorDataset(x, y), batch_size=batch_size, shuffle=True)
''' + _filler(rng, f"d{i}", 2)


def _script(i: int, rng: random.Random, shape: dict) -> str:
    net = (i % (shape["models"] // CHAIN)) * CHAIN
    loss = i % shape["losses"]
    DATA, COMMON = shape["data"], shape["common"]
    crit = f"make_criterion_{loss}()" if loss % 2 == 0 else f"WeightedCE{loss}()"
    loss_import = f"from losses.l_{loss} import {'make_criterion_' + str(loss) if loss % 2 == 0 else 'WeightedCE' + str(loss)}"
    model_import = f"from models.m_{net} import Net{net}" if i % 2 == 0 else f"from models import Net{net}"
    return f'''import argparse

import torch
import config
{model_import}
{loss_import}
from data.d_{i % DATA} import make_loader_{i % DATA}
from common.c_{i % COMMON} import *


def train(model, loader, criterion, epochs=2):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args(argv)
    model = Net{net}()
    train(model, make_loader_{i % DATA}(), {crit}, args.epochs)


if __name__ == "__main__":
    main()
''' + _filler(rng, f"s{i}", 1)


def build_project(root: Path, shape_name: str = "typical", seed: int = 0) -> list[Path]:
    """Write the project under `root`; returns the training scripts."""
    shape = SHAPES[shape_name]
    MODELS, SCRIPTS = shape["models"], shape["scripts"]
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text('[project]\nname = "benchproj"\n')
    (root / "config.py").write_text("NUM_CLASSES = 10\nWIDTH = 64\nEPOCHS = 2\n")
    for package, make in (("common", _common), ("models", _model), ("losses", _loss), ("data", _data)):
        count = shape[package]
        folder = root / package
        folder.mkdir(exist_ok=True)
        init = ""
        if package == "models":
            init = "".join(f"from models.m_{i} import Net{i}\n" for i in range(0, MODELS, CHAIN))
        (folder / "__init__.py").write_text(init)
        for i in range(count):
            (folder / f"{package[0]}_{i}.py").write_text(make(i, rng, shape))
    scripts = root / "scripts"
    scripts.mkdir(exist_ok=True)
    out = []
    for i in range(SCRIPTS):
        path = scripts / f"train_{i}.py"
        path.write_text(_script(i, rng, shape))
        out.append(path)
    return out


def module_count(root: Path) -> int:
    return sum(1 for p in root.rglob("*.py") if p.name != "__init__.py")
