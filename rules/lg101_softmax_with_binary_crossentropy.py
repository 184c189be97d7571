"""## What it does
Reports a softmax output over more than two units (or an unknown number of units) trained with a
binary cross-entropy that expects probabilities: Keras `binary_crossentropy` /
`BinaryCrossentropy()` without `from_logits=True`, torch `nn.BCELoss` / `F.binary_cross_entropy`.

## Why is this bad?
Softmax makes the units compete: they are forced to sum to 1. Binary cross-entropy scores every unit
as an independent yes/no probability. An autoencoder whose 784 pixels must sum to 1, or a
multi-label tagger whose tags exclude each other, cannot learn the targets; in PyTorch, tf.keras 2
and Keras 3 on the JAX or torch backends, training runs and the loss is nonsense. Keras 3 on the
TensorFlow backend quietly computes the loss from the softmax's input instead (it recovers the
logits), so the weights train as if the output were a sigmoid — but the model still *outputs* a
softmax, so every prediction (`model.predict`, what you threshold or display) is wrong.
`lossguard probe` measures both. With exactly two one-hot units the two losses coincide, so that
case is silent.

## Fix safety
The fix replaces `softmax` by `sigmoid` in `activation="softmax"`. It is **unsafe**: it changes
what the model outputs. It is the right fix for multi-label outputs and autoencoders; for one class
per sample keep the softmax and use categorical cross-entropy instead.
"""

from __future__ import annotations

from typing import Iterator

from lossguard.facts import ProgramFacts
from lossguard.rules.base import ERROR, Example, Rule, Violation
from lossguard.rules.kit import loss_text, replace_string_fix, units_text


class SoftmaxWithBinaryCrossentropy(Rule):
    code = "LG101"
    name = "softmax-with-binary-crossentropy"
    severity = ERROR
    summary = "softmax output trained with binary cross-entropy"
    hint = ("use sigmoid for independent per-unit probabilities (multi-label, autoencoders), or keep "
            "softmax with categorical cross-entropy for one class per sample")
    fixable = "unsafe"

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for link in facts.links:
            head, loss = link.head, link.loss
            if head is None or head.activation != "softmax" or head.location is None:
                continue
            if loss.family != "binary" or loss.expects != "probabilities":
                continue
            if head.units is not None and head.units <= 2:
                continue
            if head.over_units_axis() is False:
                continue
            yield Violation(
                head.location,
                f"softmax over {units_text(head)} is trained with {loss_text(loss)}: softmax makes the units "
                f"sum to 1, while binary cross-entropy treats each unit as an independent probability",
                related=((loss.at, "the binary cross-entropy that reads this output"),) if loss.at else (),
                fix=replace_string_fix(head.activation_value_at, "sigmoid", "use sigmoid instead of softmax", "unsafe"),
                facts=link.summary(),
            )

    invalid = [
        Example('''\
from keras.layers import Input, Dense
from keras.models import Model
from keras.datasets import mnist

(x_train, _), _ = mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255
inputs = Input((784,))
hidden = Dense(32, activation="relu")(inputs)
outputs = Dense(784, activation="softmax")(hidden)  # <- LG101
autoencoder = Model(inputs, outputs)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.fit(x_train, x_train, epochs=5)
''', "an autoencoder whose 784 pixels are forced to sum to 1"),
        Example('''\
import torch
import torch.nn as nn


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(512, 20)

    def forward(self, x):
        return torch.softmax(self.fc(x), dim=-1)  # <- LG101


model = Tagger()
criterion = nn.BCELoss()
x, tags = torch.randn(8, 512), (torch.rand(8, 20) > 0.8).float()
loss = criterion(model(x), tags)
''', "a multi-label head: any number of the 20 tags may apply"),
        Example('''\
import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu", input_shape=(100,)),
    tf.keras.layers.Dense(5),
    tf.keras.layers.Activation("softmax"),  # <- LG101
])
model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy())
''', "a separate Activation layer"),
    ]
    valid = [
        Example('''\
from keras.layers import Input, Dense
from keras.models import Model
from keras.datasets import mnist

(x_train, _), _ = mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255
inputs = Input((784,))
hidden = Dense(32, activation="relu")(inputs)
outputs = Dense(784, activation="sigmoid")(hidden)
autoencoder = Model(inputs, outputs)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.fit(x_train, x_train, epochs=5)
'''),
        Example('''\
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.utils import to_categorical

X = np.load("x.npy")
y = to_categorical(np.load("y.npy"), num_classes=2)
model = Sequential([Dense(16, activation="relu"), Dense(2, activation="softmax")])
# two one-hot units: binary cross-entropy on a softmax equals categorical cross-entropy here
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(X, y)
''', "false-positive trap: exactly two one-hot units"),
        Example('''\
import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu", input_shape=(100,)),
    tf.keras.layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["binary_accuracy"])
''', "softmax with categorical cross-entropy"),
    ]
