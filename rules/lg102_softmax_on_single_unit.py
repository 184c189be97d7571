"""## What it does
Reports a softmax taken over an axis of size 1: `Dense(1, activation="softmax")`, or
`nn.Linear(n, 1)` followed by a softmax over the feature dimension.

## Why is this bad?
Softmax normalises its inputs so that they sum to 1 along the axis. Over a single unit the output
is the constant 1.0 for every input, whatever the weights: gradients are zero, the model learns
nothing, and a binary classifier built this way predicts "positive" for everything. A single-unit
probability needs a sigmoid.

## Fix safety
The fix replaces `activation="softmax"` by `activation="sigmoid"`. It is marked **safe**: the
current output is a constant that carries no information, so no code can depend on it.
"""

from __future__ import annotations

from typing import Iterator

from lossguard.facts import ProgramFacts
from lossguard.rules.base import ERROR, Example, Rule, Violation
from lossguard.rules.kit import replace_string_fix


class SoftmaxOnSingleUnit(Rule):
    code = "LG102"
    name = "softmax-on-single-unit"
    severity = ERROR
    summary = "softmax over a single unit is the constant 1.0"
    hint = "use sigmoid for a single-unit probability (or give the layer one unit per class)"
    fixable = "safe"
    supersedes = ("LG101", "LG103", "LG104", "LG106")

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for head in facts.softmaxes:
            if head.activation != "softmax" or head.units != 1 or head.location is None:
                continue
            if head.over_units_axis() is not True:
                continue
            yield Violation(
                head.location,
                "softmax over a single unit always outputs 1.0: the model cannot learn anything",
                related=((head.layer_at, "the layer with one output unit"),) if head.layer_at is not None
                and head.layer_at is not head.location else (),
                fix=replace_string_fix(head.activation_value_at, "sigmoid", "use sigmoid instead of softmax", "safe"),
                facts=next((link.summary() for link in facts.links if link.head is not None
                            and link.head.location is head.location), head.summary()),
            )

    invalid = [
        Example('''\
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

data = np.loadtxt("pima-indians-diabetes.csv", delimiter=",")
X, y = data[:, :8], data[:, 8]
model = Sequential()
model.add(Dense(12, input_dim=8, activation="relu"))
model.add(Dense(1, activation="softmax"))  # <- LG102
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X, y, epochs=150, batch_size=10)
'''),
        Example('''\
import torch
from torch import nn

model = nn.Sequential(
    nn.Linear(10, 32),
    nn.ReLU(),
    nn.Linear(32, 1),
    nn.Softmax(dim=1),  # <- LG102
)
criterion = nn.BCELoss()
x = torch.randn(128, 10)
y = (x.sum(dim=1, keepdim=True) > 0).float()
loss = criterion(model(x), y)
'''),
    ]
    valid = [
        Example('''\
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

model = Sequential([Dense(12, input_dim=8, activation="relu"), Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
'''),
        Example('''\
import torch
from torch import nn

scores = nn.Linear(32, 1)
weights = torch.softmax(scores(torch.randn(16, 32)), dim=0)  # attention over the 16 items: dim 0 has 16 entries
'''),
    ]
