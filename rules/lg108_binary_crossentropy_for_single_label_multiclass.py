"""## What it does
Reports binary cross-entropy trained on single-label one-hot targets over more than two classes
(`to_categorical`, `one_hot`, `get_dummies`) with an output that is not a softmax.

## Why is this bad?
With one-hot targets exactly one class is right per sample, but binary cross-entropy scores each
class as an independent yes/no question: the classes do not compete, and the outputs are not a
probability distribution over classes. Keras 2 (tf.keras up to 2.15) also picks *binary* accuracy
for `metrics=["accuracy"]` with this loss: per unit, not per sample — with 10 classes a model that
always answers "no" scores 90 % accuracy while it has learnt nothing. (Keras 3 chooses the accuracy
from the output shape, so the metric itself is right there; the training objective is still the
wrong one.)

## Fix safety
No automatic fix: use a softmax output with categorical cross-entropy (the output changes).
"""

from __future__ import annotations

from typing import Iterator

from lossguard.facts import ProgramFacts
from lossguard.rules.base import WARNING, Example, Rule, Violation
from lossguard.rules.kit import loss_text


class BinaryCrossentropyForSingleLabelMulticlass(Rule):
    code = "LG108"
    name = "binary-crossentropy-for-single-label-multiclass"
    severity = WARNING
    summary = "binary cross-entropy on one-hot single-label targets"
    hint = "use a softmax output with categorical_crossentropy for one class per sample"

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for link in facts.links:
            head, loss, labels = link.head, link.loss, link.labels
            if loss.family != "binary" or loss.at is None or labels is None or labels.encoding != "one_hot":
                continue
            if head is None or head.activation in ("softmax", "unknown", "other", "log_softmax"):
                continue
            classes = labels.n_classes if labels.n_classes is not None else head.units
            if classes is None or classes <= 2:
                continue
            yield Violation(
                loss.at,
                f"{loss_text(loss)} is trained on one-hot labels over {classes} classes: each class is scored "
                f"as an independent yes/no, and the reported accuracy is per unit (inflated)",
                related=((labels.origin or labels.classes_at, "the one-hot labels"),) if (labels.origin or labels.classes_at) else (),
                facts=link.summary(),
            )

    invalid = [
        Example('''\
import tensorflow as tf
from tensorflow.keras.utils import to_categorical

(x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784) / 255.0
y_train = to_categorical(y_train, 10)
model = tf.keras.Sequential([
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(10, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])  # <- LG108
model.fit(x_train, y_train, epochs=5)
'''),
    ]
    valid = [
        Example('''\
import tensorflow as tf
from tensorflow.keras.utils import to_categorical

(x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784) / 255.0
y_train = to_categorical(y_train, 10)
model = tf.keras.Sequential([
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5)
'''),
        Example('''\
import numpy as np
import tensorflow as tf

tags = np.load("tags.npy")  # multi-hot: several tags per sample
model = tf.keras.Sequential([tf.keras.layers.Dense(64, activation="relu"), tf.keras.layers.Dense(12, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(np.load("x.npy"), tags)
''', "multi-label targets: binary cross-entropy is right"),
    ]
