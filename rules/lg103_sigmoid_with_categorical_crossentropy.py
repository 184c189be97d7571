"""## What it does
Reports a sigmoid output over more than one unit trained with categorical or sparse categorical
cross-entropy that expects probabilities (Keras, without `from_logits=True`). A unit count the
analysis cannot read (`Dense(n_classes, activation="sigmoid")` with `n_classes` from the data) is
reported too: the loss is wrong for any count above one, and exactly one unit with a categorical
loss is LG204's mistake anyway.

## Why is this bad?
Categorical cross-entropy expects one probability distribution per sample: outputs that sum to 1.
Independent sigmoids do not. tf.keras 2 and Keras 3 on the JAX or torch backends silently
renormalise them, so the loss only sees their ratios: the model can push every unit towards 1
without penalty. Keras 3 on the TensorFlow backend instead recovers the sigmoid's input and trains
it as a softmax — training then matches the fixed model, but the outputs the model returns are
sigmoids that do not sum to 1, so the probabilities you read are not class probabilities. One class
per sample needs a softmax.

## Fix safety
The fix replaces `activation="sigmoid"` by `activation="softmax"`. It is **unsafe**: it changes the
model's outputs (if several classes can apply at once, use binary cross-entropy instead).
"""

from __future__ import annotations

from typing import Iterator

from lossguard.facts import ProgramFacts
from lossguard.rules.base import ERROR, Example, Rule, Violation
from lossguard.rules.kit import loss_text, replace_string_fix, units_text


class SigmoidWithCategoricalCrossentropy(Rule):
    code = "LG103"
    name = "sigmoid-with-categorical-crossentropy"
    severity = ERROR
    summary = "sigmoid output trained with categorical cross-entropy"
    hint = ("use softmax for one class per sample, or binary cross-entropy if several classes "
            "can apply at once")
    fixable = "unsafe"

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for link in facts.links:
            head, loss = link.head, link.loss
            if head is None or head.activation != "sigmoid" or head.location is None:
                continue
            if loss.family not in ("categorical", "sparse_categorical") or loss.expects != "probabilities":
                continue
            if head.units is not None and head.units <= 1:
                continue  # one unit: LG204
            yield Violation(
                head.location,
                f"sigmoid over {units_text(head)} is trained with {loss_text(loss)}, which expects one "
                f"probability distribution per sample (outputs that sum to 1)",
                related=((loss.at, "the categorical cross-entropy that reads this output"),) if loss.at else (),
                fix=replace_string_fix(head.activation_value_at, "softmax", "use softmax instead of sigmoid", "unsafe"),
                facts=link.summary(),
            )

    invalid = [
        Example('''\
import tensorflow as tf
from tensorflow.keras.utils import to_categorical

(x_train, y_train), _ = tf.keras.datasets.fashion_mnist.load_data()
x_train = x_train / 255.0
y_train = to_categorical(y_train, 10)
model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(256, activation="relu"),
    tf.keras.layers.Dense(10, activation="sigmoid"),  # <- LG103
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5)
'''),
        Example('''\
from keras import layers, models, losses

model = models.Sequential([layers.Dense(64, activation="relu"), layers.Dense(5)])
model.add(layers.Activation("sigmoid"))  # <- LG103
model.compile(optimizer="adam", loss=losses.SparseCategoricalCrossentropy())
'''),
    ]
    valid = [
        Example('''\
import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.layers.Dense(256, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
'''),
        Example('''\
import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.layers.Dense(256, activation="relu"),
    tf.keras.layers.Dense(10, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["binary_accuracy"])
''', "multi-label: sigmoid with binary cross-entropy"),
    ]
