"""The benchmark corpus: real ML seeds, their variants, generated ML-style programs, and non-ML Python.

Everything is deterministic for a given seed and size, so two runs (or two machines) measure the
same files. Every ML file written here parses with CPython's `ast` (checked while building).
"""

from __future__ import annotations

import ast
import json
import os
import random
import re
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Corpus:
    root: Path
    ml_files: list[Path] = field(default_factory=list)
    nonml_files: list[Path] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)  # how many ML files of each origin

    @property
    def ml_dir(self) -> Path:
        return self.root / "ml"

    @property
    def nonml_dir(self) -> Path:
        return self.root / "nonml"

    @staticmethod
    def lines(paths: list[Path]) -> int:
        return sum(p.read_bytes().count(b"\n") for p in paths)


# ----------------------------------------------------------------------------- seeds
def _notebook_code(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            src = cell.get("source", "")
            src = "".join(src) if isinstance(src, list) else src
            out.append("\n".join("" if l.lstrip().startswith(("%", "!")) else l for l in src.split("\n")))
    return "\n".join(out) + "\n"


def seed_programs() -> list[tuple[str, str]]:
    """(name, code) of every real ML program in the repository: corpora, fixture, rule examples."""
    seeds: list[tuple[str, str]] = []
    for base in sorted(p for p in (ROOT / "tests").glob("*/cases") if p.is_dir()):  # every labelled corpus
        if base.is_dir():
            for path in sorted(base.rglob("*.py")):
                seeds.append((f"{base.parent.name}_{path.stem}", path.read_text(encoding="utf-8")))
            for path in sorted(base.rglob("*.ipynb")):
                try:
                    seeds.append((f"{base.parent.name}_{path.stem}_nb", _notebook_code(path)))
                except (ValueError, OSError):
                    pass
    fixture = ROOT / "fixtures" / "seed_autoencoder.py"
    if fixture.exists():
        seeds.append(("fixture_seed_autoencoder", fixture.read_text(encoding="utf-8")))
    try:
        from lossguard.rules import load_rules

        for rule in load_rules():
            for kind, examples in (("invalid", rule.invalid), ("valid", rule.valid)):
                for i, example in enumerate(examples):
                    seeds.append((f"rule_{rule.code}_{kind}{i}", example.code))
    except ImportError:  # pragma: no cover
        pass
    return [(name, code) for name, code in seeds if _parses(code)]


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
        return True
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False


# ----------------------------------------------------------------------------- variants
_IDENT = re.compile(r"\b(model|net|x_train|y_train|x_test|y_test|criterion|optimizer|outputs|inputs|loss_fn)\b")
_UNITS = re.compile(r"(Dense\(|Linear\(\s*\d+\s*,\s*)(\d+)")
_SWAPS = [("softmax", "sigmoid"), ("binary_crossentropy", "categorical_crossentropy"),
          ("BCELoss", "BCEWithLogitsLoss"), ("CrossEntropyLoss", "NLLLoss"), ("relu", "tanh")]


def variant(code: str, rng: random.Random, index: int) -> str:
    """A different-looking program with the same kind of content."""
    kind = index % 5
    if kind == 0:  # rename the usual identifiers
        return _IDENT.sub(lambda m: f"{m.group(1)}_{index}", code)
    if kind == 1:  # other unit counts
        return _UNITS.sub(lambda m: m.group(1) + str(rng.choice([1, 2, 10, 64, 128, 784])), code)
    if kind == 2:  # the whole script inside main()
        body = "\n".join(("    " + line) if line.strip() else line for line in code.split("\n"))
        imports = "\n".join(l for l in code.split("\n") if l.startswith(("import ", "from ")))
        return f"{imports}\n\n\ndef main():\n{body}\n\n\nif __name__ == '__main__':\n    main()\n"
    if kind == 3:  # swap activations and losses
        a, b = rng.choice(_SWAPS)
        return code.replace(a, "\0").replace(b, a).replace("\0", b)
    return code + f"\n\n# variant {index}\nprint('done', {index})\n"


# ----------------------------------------------------------------------------- generated programs
def _keras_program(rng: random.Random, size: int) -> str:
    imp = rng.choice([
        "from tensorflow import keras\nfrom tensorflow.keras import layers\n",
        "import keras\nfrom keras import layers\n",
        "import tensorflow as tf\nkeras = tf.keras\nlayers = tf.keras.layers\n",
    ])
    classes = rng.choice([1, 2, 10, 100])
    out_act = rng.choice(["softmax", "sigmoid", None, "linear"])
    loss = rng.choice(["categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy", "mse",
                       "keras.losses.CategoricalCrossentropy(from_logits=True)"])
    dataset = rng.choice(["mnist", "cifar10", "fashion_mnist"])
    lines = ["import numpy as np", imp.rstrip(), "", ""]
    lines += _filler(rng, size // 3)
    lines += [f"(x_train, y_train), (x_test, y_test) = keras.datasets.{dataset}.load_data()"]
    if rng.random() < 0.6:
        lines += ["x_train = x_train.astype('float32') / 255.0", "x_test = x_test.astype('float32') / 255.0"]
    if rng.random() < 0.5:
        lines += [f"y_train = keras.utils.to_categorical(y_train, {classes})",
                  f"y_test = keras.utils.to_categorical(y_test, {classes})"]
    depth = rng.randint(2, 12)
    style = rng.choice(["sequential", "functional", "subclass", "add"])
    act = f", activation={out_act!r}" if out_act else ""
    if style == "sequential":
        lines += ["", "", "def build_model():", "    model = keras.Sequential(["]
        lines += ["        layers.Flatten(),"]
        lines += [f"        layers.Dense({rng.choice([32, 64, 128, 256])}, activation='relu')," for _ in range(depth)]
        lines += [f"        layers.Dense({classes}{act}),", "    ])", "    return model", "", "", "model = build_model()"]
    elif style == "add":
        lines += ["model = keras.Sequential()", "model.add(layers.Flatten())"]
        for _ in range(depth):
            lines += [f"model.add(layers.Dense({rng.choice([32, 64, 128])}))", "model.add(layers.Activation('relu'))"]
            if rng.random() < 0.3:
                lines += [f"model.add(layers.Dropout({rng.choice([0.1, 0.25, 0.5])}))"]
        lines += [f"model.add(layers.Dense({classes}{act}))"]
    elif style == "functional":
        lines += ["inputs = keras.Input(shape=(28, 28))", "h = layers.Flatten()(inputs)"]
        for i in range(depth):
            lines += [f"h = layers.Dense({rng.choice([32, 64, 128])}, activation='relu', name='d{i}')(h)"]
        lines += [f"outputs = layers.Dense({classes}{act})(h)", "model = keras.Model(inputs, outputs)"]
    else:
        lines += ["", "", "class Classifier(keras.Model):", "    def __init__(self):", "        super().__init__()",
                  "        self.flatten = layers.Flatten()"]
        for i in range(depth):
            lines += [f"        self.hidden{i} = layers.Dense({rng.choice([32, 64, 128])}, activation='relu')"]
        lines += [f"        self.out = layers.Dense({classes}{act})", "", "    def call(self, x, training=False):",
                  "        x = self.flatten(x)"]
        for i in range(depth):
            lines += [f"        x = self.hidden{i}(x)"]
        lines += ["        return self.out(x)", "", "", "model = Classifier()"]
    lines += [f"model.compile(optimizer='adam', loss={loss if loss.startswith('keras') else repr(loss)}, metrics=['accuracy'])",
              f"history = model.fit(x_train, y_train, epochs={rng.randint(1, 20)}, batch_size=128, validation_split=0.1)",
              "score = model.evaluate(x_test, y_test)", "print(score)"]
    lines += _filler(rng, size - len(lines))
    return "\n".join(lines) + "\n"


def _torch_program(rng: random.Random, size: int) -> str:
    classes = rng.choice([1, 2, 10, 100])
    final = rng.choice(["return x", "return torch.softmax(x, dim=1)", "return F.log_softmax(x, dim=1)",
                        "return torch.sigmoid(x)"])
    loss = rng.choice(["nn.CrossEntropyLoss()", "nn.NLLLoss()", "nn.BCELoss()", "nn.BCEWithLogitsLoss()", "nn.MSELoss()"])
    depth = rng.randint(2, 10)
    lines = ["import torch", "import torch.nn as nn", "import torch.nn.functional as F",
             "from torch.utils.data import DataLoader, TensorDataset", "", ""]
    lines += _filler(rng, size // 3)
    lines += ["", "", "class Net(nn.Module):", "    def __init__(self, n_in=784, hidden=128):", "        super().__init__()"]
    for i in range(depth):
        lines += [f"        self.fc{i} = nn.Linear({'n_in' if i == 0 else 'hidden'}, hidden)"]
    lines += [f"        self.head = nn.Linear(hidden, {classes})", "        self.drop = nn.Dropout(0.2)", "",
              "    def forward(self, x):", "        x = x.view(x.size(0), -1)"]
    for i in range(depth):
        lines += [f"        x = F.relu(self.fc{i}(x))"]
        if rng.random() < 0.3:
            lines += ["        x = self.drop(x)"]
    lines += ["        x = self.head(x)", f"        {final}", "", ""]
    lines += ["def train(model, loader, epochs=3):", f"    criterion = {loss}",
              "    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)",
              "    for epoch in range(epochs):", "        model.train()", "        total = 0.0",
              "        for inputs, targets in loader:", "            optimizer.zero_grad()",
              "            outputs = model(inputs)", "            loss = criterion(outputs, targets)",
              "            loss.backward()", "            optimizer.step()", "            total += loss.item()",
              "        print(f'epoch {epoch}: {total:.3f}')", "", "",
              "def evaluate(model, loader):", "    model.eval()", "    correct = 0", "    with torch.no_grad():",
              "        for inputs, targets in loader:", "            pred = model(inputs).argmax(dim=1)",
              "            correct += (pred == targets).sum().item()", "    return correct", "", "",
              "if __name__ == '__main__':", "    x = torch.randn(512, 784)",
              f"    y = torch.randint(0, {max(classes, 2)}, (512,))",
              "    loader = DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True)",
              "    net = Net()", "    train(net, loader)", "    print(evaluate(net, loader))"]
    lines += _filler(rng, size - len(lines))
    return "\n".join(lines) + "\n"


_FILLER_FUNCS = [
    """def parse_args(argv=None):
    import argparse
    parser = argparse.ArgumentParser(description="training script")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--out", default="runs/{name}")
    return parser.parse_args(argv)""",
    """def moving_average(values, k={k}):
    out = []
    acc = 0.0
    for i, v in enumerate(values):
        acc += v
        if i >= k:
            acc -= values[i - k]
        out.append(acc / min(i + 1, k))
    return out""",
    """class Logger:
    def __init__(self, path="{name}.log"):
        self.path = path
        self.rows = []

    def log(self, **kw):
        self.rows.append(dict(kw))
        if len(self.rows) % {k} == 0:
            self.flush()

    def flush(self):
        with open(self.path, "a") as handle:
            for row in self.rows:
                handle.write(",".join(f"{{k}}={{v}}" for k, v in sorted(row.items())) + "\\n")
        self.rows.clear()""",
    """def plot_history(history, title="{name}"):
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(1, 2, figsize=(10, 4))
    for key in ("loss", "val_loss"):
        if key in history:
            ax[0].plot(history[key], label=key)
    ax[0].set_title(title)
    ax[0].legend()
    return fig""",
    """CONFIG_{k} = {{
    "seed": {k},
    "layers": [{k}, {k} * 2, {k} * 4],
    "dropout": 0.{k},
    "name": "{name}",
    "augment": {{"flip": True, "rotate": {k}, "scale": (0.9, 1.1)}},
}}""",
    """def batches(items, size={k}):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch""",
]


def _filler(rng: random.Random, n_lines: int) -> list[str]:
    out: list[str] = []
    i = 0
    while len(out) < n_lines:
        template = rng.choice(_FILLER_FUNCS)
        name = f"f{rng.randint(0, 10**6)}"
        k = rng.randint(2, 9)
        text = template.format(name=name, k=k)
        text = re.sub(r"\b(parse_args|moving_average|Logger|plot_history|batches)\b", lambda m: f"{m.group(1)}_{i}", text)
        out += text.split("\n") + ["", ""]
        i += 1
    return out


def generated_program(rng: random.Random) -> str:
    size = int(min(3000, rng.lognormvariate(4.6, 0.8)))  # median ~100 lines, a long tail
    return (_keras_program if rng.random() < 0.5 else _torch_program)(rng, max(size, 20))


# ----------------------------------------------------------------------------- non-ML Python
def stdlib_files() -> Iterator[Path]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    skip = {"site-packages", "test", "tests", "idle_test", "lib2to3", "__pycache__"}
    for folder, dirs, files in os.walk(stdlib):
        dirs[:] = sorted(d for d in dirs if d not in skip and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(folder) / name


def build(root: Path, n_ml: int, n_nonml: int, seed: int = 0) -> Corpus:
    corpus = Corpus(root=root)
    corpus.ml_dir.mkdir(parents=True)
    corpus.nonml_dir.mkdir(parents=True)
    rng = random.Random(seed)
    seeds = seed_programs()

    def add(name: str, code: str, kind: str) -> None:
        path = corpus.ml_dir / f"{len(corpus.ml_files):05d}_{name}.py"
        path.write_text(code, encoding="utf-8")
        corpus.ml_files.append(path)
        corpus.kinds[kind] = corpus.kinds.get(kind, 0) + 1

    # 1. every seed once (as far as the budget goes), 2. variants and concatenations, 3. generated
    n_seeds = min(len(seeds), n_ml // 3)
    for name, code in seeds[:n_seeds]:
        add(name, code, "seeds (corpora, fixture, rule examples)")
    n_variants = (n_ml - n_seeds) // 2
    index = 0
    while n_variants > 0 and seeds:
        name, code = seeds[rng.randrange(len(seeds))]
        if index % 7 == 6:  # a longer file: several programs one after the other
            parts = [seeds[rng.randrange(len(seeds))][1] for _ in range(rng.randint(2, 6))]
            code = "\n\n".join(parts)
            name = "concat"
        new = variant(code, rng, index)
        index += 1
        if _parses(new):
            add(f"{name}_v{index}", new, "variants of seeds")
            n_variants -= 1
    while len(corpus.ml_files) < n_ml:
        code = generated_program(rng)
        add("generated", code, "generated ML-style programs")

    candidates = [p for p in stdlib_files() if 0 < p.stat().st_size < 300_000]
    step = max(1, len(candidates) // max(n_nonml, 1))
    for path in candidates[::step][:n_nonml]:
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        target = corpus.nonml_dir / f"{len(corpus.nonml_files):05d}_{path.stem}.py"
        target.write_bytes(data)
        corpus.nonml_files.append(target)
    return corpus


def big_ml_file(path: Path, chars: int, seed: int = 1) -> Path:
    """One ML file of about `chars` characters (generated programs one after another)."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < chars:
        code = generated_program(rng)
        parts.append(code)
        total += len(code) + 2
    text = "\n\n".join(parts)
    path.write_text(text[: chars] if len(text) <= chars else "\n\n".join(parts[:-1]), encoding="utf-8")
    return path
