"""## What it does
Reports categorical cross-entropy (which expects one-hot rows) trained on integer class labels,
such as the labels returned by `keras.datasets.*.load_data()`.

## Why is this bad?
Categorical cross-entropy computes `-sum(y * log p)` over the class axis. With a column of integer
ids the shapes do not match: Keras raises after the model was built and the data loaded, or, when
broadcasting happens to succeed, trains on a meaningless target.

## Fix safety
The safe fix uses `"sparse_categorical_crossentropy"` (or `SparseCategoricalCrossentropy`), which
reads integer labels directly. The model and the labels are unchanged. A loss object with an
argument the sparse loss does not take (`label_smoothing`, `axis`, a second positional argument) is
not renamed.
"""

from __future__ import annotations

from typing import Iterator, Optional

from lossguard.facts import ProgramFacts
from lossguard.rules.base import ERROR, Example, Fix, Rule, Violation
from lossguard.rules.kit import SHARED_KEYWORDS, loss_text, rename_call_fix, replace_string_fix


class CategoricalLossWithIntegerLabels(Rule):
    code = "LG202"
    name = "categorical-loss-with-integer-labels"
    severity = ERROR
    summary = "categorical cross-entropy trained on integer labels"
    hint = "use sparse_categorical_crossentropy for integer labels, or one-hot encode them with to_categorical"
    fixable = "safe"
    frameworks = ("keras",)

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for link in facts.links:
            loss, labels, head = link.loss, link.labels, link.head
            if loss.family != "categorical" or loss.target_format != "one_hot" or loss.at is None:
                continue
            if labels is None or labels.encoding not in ("integer", "binary"):
                continue
            if head is not None and head.units == 1:
                continue  # one unit: LG204 says what is wrong
            fix: Optional[Fix] = None
            if loss.callable_kind == "string":
                fix = replace_string_fix(loss.at, "sparse_categorical_crossentropy", "use sparse_categorical_crossentropy", "safe")
            elif loss.callable_kind == "object":
                fix = rename_call_fix(loss.at, "CategoricalCrossentropy", "SparseCategoricalCrossentropy",
                                      "use SparseCategoricalCrossentropy", "safe", keywords=SHARED_KEYWORDS, max_positional=1)
            yield Violation(
                loss.at,
                f"{loss_text(loss)} expects one-hot labels, but the labels are integer class ids",
                related=((labels.origin or labels.classes_at, "the integer labels"),) if (labels.origin or labels.classes_at) else (),
                fix=fix,
                facts=link.summary(),
            )

    invalid = [
        Example('''\
from tensorflow.keras import datasets, layers, models

(train_images, train_labels), _ = datasets.cifar10.load_data()
train_images = train_images / 255.0
model = models.Sequential([
    layers.Conv2D(32, (3, 3), activation="relu", input_shape=(32, 32, 3)),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])  # <- LG202
model.fit(train_images, train_labels, epochs=10)
'''),
    ]
    valid = [
        Example('''\
from tensorflow import keras

(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32") / 255
y_train = keras.utils.to_categorical(y_train, 10)
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=5)
'''),
    ]
