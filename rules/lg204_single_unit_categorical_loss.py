"""## What it does
Reports a model with one output unit trained with categorical or sparse categorical cross-entropy
(Keras), or with torch `CrossEntropyLoss`.

## Why is this bad?
Categorical cross-entropy normalises over the class axis. Over a single unit the normalised
probability is always 1, so the loss is identically 0 (with one-hot targets) or the labels are out
of range (with integer targets). Either way nothing is learnt: the classic binary classifier built
with `Dense(1, activation="sigmoid")` and `loss="categorical_crossentropy"`.

## Fix safety
No automatic fix: use binary cross-entropy for a single-unit binary output, or give the layer one
unit per class.
"""

from __future__ import annotations

from typing import Iterator

from lossguard.facts import ProgramFacts
from lossguard.rules.base import ERROR, Example, Rule, Violation
from lossguard.rules.kit import loss_text


class SingleUnitCategoricalLoss(Rule):
    code = "LG204"
    name = "single-unit-categorical-loss"
    severity = ERROR
    summary = "one output unit trained with categorical cross-entropy"
    hint = "use binary_crossentropy (BCEWithLogitsLoss in torch) for one output unit, or one unit per class"

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for link in facts.links:
            head, loss = link.head, link.loss
            if head is None or head.units != 1 or head.layer_at is None or head.reshaped:
                continue  # (reshaped: view(1, -1) / broadcasting changed the width the loss sees)
            if head.activation in ("unknown",):
                continue
            if loss.family not in ("categorical", "sparse_categorical"):
                continue
            yield Violation(
                head.layer_at,
                f"the output layer has a single unit but is trained with {loss_text(loss)}: over one unit the "
                f"normalised probability is always 1, so nothing is learnt",
                related=((loss.at, "the categorical loss"),) if loss.at else (),
                facts=link.summary(),
            )

    invalid = [
        Example('''\
import pandas as pd
from keras.models import Sequential
from keras.layers import Dense

df = pd.read_csv("churn.csv")
X, y = df.drop(columns=["Exited"]).values, df["Exited"].values
classifier = Sequential()
classifier.add(Dense(units=6, activation="relu", input_dim=11))
classifier.add(Dense(units=1, activation="sigmoid"))  # <- LG204
classifier.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
classifier.fit(X, y, batch_size=10, epochs=100)
'''),
        Example('''\
import torch
from torch import nn

model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))  # <- LG204
criterion = nn.CrossEntropyLoss()
x, y = torch.randn(32, 8), torch.randint(0, 2, (32,))
loss = criterion(model(x), y)
'''),
    ]
    valid = [
        Example('''\
from keras.models import Sequential
from keras.layers import Dense

classifier = Sequential([Dense(6, activation="relu", input_dim=11), Dense(1, activation="sigmoid")])
classifier.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
'''),
    ]
