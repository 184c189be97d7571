"""Shared material for the fuzz and fix-property tests: seed programs, an ML vocabulary, mutations.

Seeds are every file of the development corpora (tests/*/cases: scripts and notebooks), the bundled
fixture and every VALID / INVALID example of the rules. Mutations
work on lines and tokens and keep the result "almost" Python, so most inputs still reach the
interpreter and the rules (a random byte string would stop at the parser).
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, settings, strategies as st

ROOT = Path(__file__).resolve().parent.parent

# The default run stays small. The dedicated run (bench/fuzz.py) multiplies every test's sample by
# LOSSGUARD_FUZZ_SCALE (slow generators such as hypothesmith keep their smaller share), or sets
# LOSSGUARD_FUZZ_EXAMPLES examples for every test.
FUZZ_SCALE = float(os.environ.get("LOSSGUARD_FUZZ_SCALE", "0") or 0)
FUZZ_EXAMPLES = int(os.environ.get("LOSSGUARD_FUZZ_EXAMPLES", "0") or 0)


def fuzz_settings(default: int) -> settings:
    examples = FUZZ_EXAMPLES or (round(default * FUZZ_SCALE) if FUZZ_SCALE else default)
    dedicated = bool(FUZZ_EXAMPLES or FUZZ_SCALE)
    return settings(
        max_examples=max(examples, 1),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None if dedicated else settings.default.database,
        print_blob=True,
    )


ML_HEADER = (
    "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
    "import tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n"
)

# Names, values and fragments that steer a mutated program towards the code paths of the rules.
ML_NAMES = [
    "softmax", "sigmoid", "log_softmax", "relu", "tanh", "linear", "Dense", "Softmax", "Sigmoid",
    "LogSoftmax", "Linear", "Conv2d", "Flatten", "Sequential", "Model", "Module", "Input",
    "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "NLLLoss", "MSELoss", "L1Loss",
    "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
    "BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "mse",
    "fit", "compile", "predict", "forward", "call", "train_step", "backward", "step", "zero_grad",
    "to_categorical", "one_hot", "argmax", "astype", "float", "long", "view", "reshape", "squeeze",
    "model", "net", "self", "super", "x", "y", "x_train", "y_train", "labels", "logits", "outputs",
    "criterion", "loss_fn", "optimizer", "nn", "F", "torch", "tf", "keras", "layers", "losses",
    "activation", "units", "dim", "axis", "from_logits", "loss", "metrics", "training", "no_grad",
    "lambda", "None", "True", "False", "print", "range", "len", "super().__init__()",
    "nn.Softmax(dim=1)", "F.softmax(x, dim=1)", "torch.sigmoid(x)", "layers.Dense(10, activation='softmax')",
    "keras.losses.BinaryCrossentropy(from_logits=True)", "nn.CrossEntropyLoss()", "model(x)",
    "model.fit(x, y)", "model.compile(loss='binary_crossentropy')", "*args", "**kwargs",
]
ML_VALUES = [
    "0", "1", "2", "-1", "10", "784", "255", "255.0", "0.5", "1e-3", "None", "True", "False",
    "'softmax'", "'sigmoid'", "'linear'", "'binary_crossentropy'", "'categorical_crossentropy'",
    "'sparse_categorical_crossentropy'", "'mse'", "'accuracy'", "['accuracy']", "(28, 28)",
    "from_logits=True", "from_logits=False", "dim=0", "dim=-1", "axis=0", "activation='softmax'",
    "x / 255", "x.float()", "y.long()", "[]", "{}", "()", "...", "'", '"', "f'{x}'", "b'x'",
]
ML_LINES = [
    "model = keras.Sequential([layers.Dense(10, activation='softmax')])",
    "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])",
    "model.fit(x_train, y_train, epochs=1)",
    "y_train = keras.utils.to_categorical(y_train, 10)",
    "x_train = x_train / 255.0",
    "criterion = nn.CrossEntropyLoss()",
    "loss = criterion(model(x), y)",
    "loss = F.nll_loss(model(x), y)",
    "out = torch.softmax(out, dim=0)",
    "class Net(nn.Module):\n    def forward(self, x):\n        return torch.sigmoid(self.fc(x))",
    "def build():\n    return keras.Model(inputs, outputs)",
    "with torch.no_grad():\n    pred = model(x)",
    "if self.training:\n    x = F.log_softmax(x, dim=1)",
    "for epoch in range(3):\n    loss.backward()",
    "global model", "nonlocal x", "del model", "return", "yield x", "raise", "pass", "break",
    "async def f():\n    await model(x)", "@torch.jit.script\ndef g(x): return x",
    "x: int = 1", "(a, b), c = model", "*a, b = layers", "model.layers[-1].activation = 'softmax'",
    "loss, acc = model.evaluate(x, y)", "lambda: model.compile(loss=lambda a, b: a)",
    "%matplotlib inline", "!pip install torch", "x = !ls", "model?",
]
TOKEN = re.compile(r"[A-Za-z_]\w*|\d+(?:\.\d*)?(?:e-?\d+)?|'[^'\n]*'|\"[^\"\n]*\"|[()\[\]{}:,=.*@]")
JUNK = list("()[]{}:,.=\n\t \\'\"#@*;") + ["\r", "\x0c", "    ", "\u00e9", "\u200b", "\\\n", "'''", "lambda"]


def _notebook_code(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            src = cell.get("source", "")
            parts.append("".join(src) if isinstance(src, list) else src)
    return "\n".join(parts)


@lru_cache(maxsize=None)
def seed_programs() -> tuple[str, ...]:
    """Every real program the project has: corpora, fixture, rule examples (deduplicated, sorted)."""
    texts: set[str] = set()
    case_dirs = sorted(p for p in (ROOT / "tests").glob("*/cases") if p.is_dir())  # every labelled corpus
    for base in case_dirs:
        for path in sorted(base.rglob("*.py")):
            texts.add(path.read_text(encoding="utf-8"))
    for base in case_dirs:
        if base.is_dir():
            for path in sorted(base.rglob("*.ipynb")):
                try:
                    texts.add(_notebook_code(path))
                except (ValueError, OSError):
                    pass
    seed = ROOT / "fixtures" / "seed_autoencoder.py"
    if seed.exists():
        texts.add(seed.read_text(encoding="utf-8"))
    texts.update(rule_examples())
    return tuple(sorted(texts))


@lru_cache(maxsize=None)
def rule_examples() -> tuple[str, ...]:
    from lossguard.rules import load_rules

    return tuple(ex.code for rule in load_rules() for ex in (*rule.invalid, *rule.valid))


@lru_cache(maxsize=None)
def fixable_examples() -> tuple[str, ...]:
    """INVALID examples of rules that have a fix (safe, unsafe or sometimes)."""
    from lossguard.rules import load_rules

    return tuple(ex.code for rule in load_rules() if rule.fixable for ex in rule.invalid)


@lru_cache(maxsize=None)
def known_codes() -> frozenset[str]:
    from lossguard.rules import load_rules

    return frozenset(rule.code for rule in load_rules()) | {"LG000"}


# ----------------------------------------------------------------------------- mutations
def _mutate_once(text: str, draw) -> str:
    lines = text.split("\n")
    kind = draw(st.sampled_from([
        "delete", "duplicate", "swap", "insert", "token", "token", "token", "junk", "truncate",
        "indent", "dedent", "splice",
    ]))
    n = len(lines)
    i = draw(st.integers(0, max(n - 1, 0)))
    if kind == "delete" and n > 1:
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i] if n else "")
    elif kind == "swap" and n > 1:
        j = draw(st.integers(0, n - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "insert":
        extra = draw(st.sampled_from(ML_LINES))
        indent = re.match(r"[ \t]*", lines[i]).group(0) if n else ""
        lines.insert(i, "\n".join(indent + part for part in extra.split("\n")))
    elif kind == "indent":
        lines[i] = "    " + lines[i]
    elif kind == "dedent":
        lines[i] = lines[i].lstrip()
    elif kind == "splice":
        other = draw(st.sampled_from(seed_programs())).split("\n")
        a = draw(st.integers(0, len(other)))
        b = draw(st.integers(a, min(len(other), a + 12)))
        lines[i:i] = other[a:b]
    elif kind == "truncate":
        cut = draw(st.integers(0, len(text)))
        return text[:cut]
    elif kind == "junk":
        pos = draw(st.integers(0, len(text)))
        return text[:pos] + draw(st.sampled_from(JUNK)) + text[pos:]
    elif kind == "token":
        tokens = list(TOKEN.finditer(text))
        if tokens:
            tok = tokens[draw(st.integers(0, len(tokens) - 1))]
            pool = ML_VALUES if tok.group(0)[0] in "0123456789'\"" else ML_NAMES
            new = draw(st.sampled_from(pool + ML_VALUES if draw(st.booleans()) else pool))
            return text[:tok.start()] + new + text[tok.end():]
    return "\n".join(lines)


@st.composite
def mutated(draw, seeds=None, max_mutations: int = 6) -> str:
    """A seed program with 1..max_mutations line/token mutations."""
    text = draw(st.sampled_from(seeds if seeds is not None else seed_programs()))
    for _ in range(draw(st.integers(1, max_mutations))):
        text = _mutate_once(text, draw)
    return text


def ml_text_alphabet() -> st.SearchStrategy[str]:
    """Short random programs made of ML words and punctuation."""
    piece = st.one_of(st.sampled_from(ML_NAMES), st.sampled_from(ML_VALUES), st.sampled_from(JUNK),
                      st.sampled_from(["(", ")", ", ", " = ", "\n", "\n    ", ".", "def ", "class ", "return "]))
    return st.lists(piece, max_size=60).map(lambda parts: ML_HEADER + "".join(parts))
