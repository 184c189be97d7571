"""## What it does
Reports sparse categorical cross-entropy trained on one-hot labels (`to_categorical`, `one_hot`,
`get_dummies`).

## Why is this bad?
The sparse loss expects one integer class id per sample. Given one-hot rows it either fails with a
shape error after the model was built and data loaded, or (with some label shapes) reads the 0/1
columns as class ids and trains on garbage.

## Fix safety
The safe fix uses the non-sparse loss: `"sparse_categorical_crossentropy"` →
`"categorical_crossentropy"`, `SparseCategoricalCrossentropy(...)` → `CategoricalCrossentropy(...)`.
The model and the labels are unchanged. A loss object with an argument the other class does not
take the same way (`ignore_class`, a second positional argument) is not renamed.
"""

from __future__ import annotations

from typing import Iterator, Optional

from lossguard.facts import ProgramFacts
from lossguard.rules.base import ERROR, Example, Fix, Rule, Violation
from lossguard.rules.kit import SHARED_KEYWORDS, loss_text, rename_call_fix, replace_string_fix


class SparseLossWithOneHotLabels(Rule):
    code = "LG201"
    name = "sparse-loss-with-one-hot-labels"
    severity = ERROR
    summary = "sparse categorical cross-entropy trained on one-hot labels"
    hint = "use categorical_crossentropy for one-hot labels (or pass the integer labels)"
    fixable = "safe"
    frameworks = ("keras",)

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for link in facts.links:
            loss, labels = link.loss, link.labels
            if loss.family != "sparse_categorical" or labels is None or labels.encoding != "one_hot" or loss.at is None:
                continue
            fix: Optional[Fix] = None
            if loss.callable_kind == "string":
                fix = replace_string_fix(loss.at, "categorical_crossentropy", "use categorical_crossentropy", "safe")
            elif loss.callable_kind == "object":
                fix = rename_call_fix(loss.at, "SparseCategoricalCrossentropy", "CategoricalCrossentropy",
                                      "use CategoricalCrossentropy", "safe", keywords=SHARED_KEYWORDS, max_positional=1)
            yield Violation(
                loss.at,
                f"{loss_text(loss)} expects integer class ids, but the labels are one-hot encoded",
                related=((labels.origin or labels.classes_at, "the one-hot labels"),) if (labels.origin or labels.classes_at) else (),
                fix=fix,
                facts=link.summary(),
            )

    invalid = [
        Example('''\
from keras.datasets import cifar10
from keras.utils import to_categorical
from keras import layers, models

(x_train, y_train), _ = cifar10.load_data()
x_train = x_train.astype("float32") / 255
y_train = to_categorical(y_train)
model = models.Sequential([layers.Flatten(), layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])  # <- LG201
model.fit(x_train, y_train, epochs=10)
'''),
    ]
    valid = [
        Example('''\
from keras.datasets import cifar10
from keras import layers, models

(x_train, y_train), _ = cifar10.load_data()
x_train = x_train.astype("float32") / 255
model = models.Sequential([layers.Flatten(), layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10)
'''),
    ]
