"""## What it does
Reports an unbounded output (no final activation, linear, relu, tanh, elu, ...) that goes into a
loss expecting probabilities: torch `nn.BCELoss` / `F.binary_cross_entropy`; Keras binary,
categorical or sparse categorical cross-entropy without `from_logits=True` (the default).

## Why is this bad?
These losses take the log of their input as a probability. Raw scores are negative or larger than
one: torch's `BCELoss` raises at the first batch that leaves [0, 1]; Keras clips the values to
[1e-7, 1 - 1e-7], so every negative logit counts as probability 0 and its gradient vanishes.
Training runs but learns far slower than it should, or not at all.

## Fix safety
Safe fixes keep the model and tell the loss it reads logits: Keras losses created as
`BinaryCrossentropy()` / `CategoricalCrossentropy()` / `SparseCategoricalCrossentropy()` get
`from_logits=True`; torch `nn.BCELoss` becomes `nn.BCEWithLogitsLoss` and
`F.binary_cross_entropy` becomes `F.binary_cross_entropy_with_logits`. Only linear outputs are
fixed automatically: after relu or tanh the output layer itself needs rethinking.
"""

from __future__ import annotations

from typing import Iterator, Optional

from lossguard.facts import UNBOUNDED, ProgramFacts
from lossguard.rules.base import ERROR, Example, Fix, Rule, Violation
from lossguard.rules.kit import loss_text, rename_call_fix, set_keyword_fix

_NAMES = {"linear": "a linear output (no activation)", "relu": "a relu output", "tanh": "a tanh output",
          "elu": "an elu output"}


class LogitsIntoProbabilityLoss(Rule):
    code = "LG105"
    name = "logits-into-probability-loss"
    severity = ERROR
    summary = "raw logits fed to a loss that expects probabilities"
    hint = "pass from_logits=True (Keras) or use BCEWithLogitsLoss (torch), or end the model with sigmoid/softmax"
    fixable = "sometimes"

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for link in facts.links:
            head, loss = link.head, link.loss
            if head is None or head.activation not in UNBOUNDED:
                continue
            where = head.layer_at if head.activation == "linear" else head.location
            if where is None:
                continue
            if loss.expects != "probabilities" or loss.family not in ("binary", "categorical", "sparse_categorical"):
                continue
            fix: Optional[Fix] = None
            if head.activation == "linear":
                if loss.framework == "keras" and loss.callable_kind == "object":
                    fix = set_keyword_fix(loss.at, "from_logits", "True", "pass from_logits=True to the loss", "safe")
                elif loss.framework == "torch" and loss.callable_kind == "object":
                    fix = rename_call_fix(loss.at, "BCELoss", "BCEWithLogitsLoss", "use nn.BCEWithLogitsLoss", "safe")
                elif loss.framework == "torch":
                    fix = rename_call_fix(loss.at, "binary_cross_entropy", "binary_cross_entropy_with_logits",
                                          "use F.binary_cross_entropy_with_logits", "safe")
            yield Violation(
                where,
                f"{_NAMES.get(head.activation, head.activation)} goes into {loss_text(loss)}, which expects "
                f"probabilities in [0, 1]",
                related=((loss.at, "the loss that expects probabilities"),) if loss.at else (),
                fix=fix,
                facts=link.summary(),
            )

    invalid = [
        Example('''\
import tensorflow as tf
from tensorflow import keras


def build_model(vocab_size):
    inputs = keras.Input(shape=(None,), dtype="int64")
    x = keras.layers.Embedding(vocab_size, 64)(inputs)
    x = keras.layers.GlobalAveragePooling1D()(x)
    outputs = keras.layers.Dense(1)(x)  # <- LG105
    return keras.Model(inputs, outputs)


model = build_model(10000)
model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
'''),
        Example('''\
import torch
import torch.nn as nn


class SpamClassifier(nn.Module):
    def __init__(self, vocab_size, hidden=128):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, hidden)
        self.fc = nn.Linear(hidden, 1)  # <- LG105

    def forward(self, tokens, offsets):
        return self.fc(self.embedding(tokens, offsets)).squeeze(1)


def train(model, batches):
    criterion = nn.BCELoss()
    for tokens, offsets, labels in batches:
        loss = criterion(model(tokens, offsets), labels.float())
        loss.backward()
'''),
    ]
    valid = [
        Example('''\
import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(32, activation="relu"), tf.keras.layers.Dense(1)])
model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))
'''),
        Example('''\
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1))
criterion = nn.BCEWithLogitsLoss()
loss = criterion(model(torch.randn(8, 10)), torch.ones(8, 1))
'''),
        Example('''\
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1))
criterion = nn.BCELoss()
loss = criterion(torch.sigmoid(model(torch.randn(8, 10))), torch.ones(8, 1))
''', "the sigmoid is applied at the call site"),
    ]
