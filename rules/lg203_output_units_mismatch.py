"""## What it does
Reports an output layer whose number of units differs from the number of classes the code makes
known: `to_categorical(y, N)`, `one_hot(y, N)`, `num_classes=N`, or a known dataset (MNIST,
Fashion-MNIST, CIFAR-10: 10 classes; CIFAR-100: 100).

## Why is this bad?
With one-hot labels the shapes disagree and training fails late, after data loading. With integer
labels and fewer units than classes, labels beyond the last unit are out of range (an error, or on
some backends silently wrong). With more units than classes the spare units are trained to zero,
which wastes capacity and skews the probabilities: usually a copy-paste from another dataset.

## Fix safety
No automatic fix: which of the two numbers is right needs a human.
"""

from __future__ import annotations

from typing import Iterator

from lossguard.facts import ProgramFacts
from lossguard.rules.base import ERROR, Example, Rule, Violation


class OutputUnitsMismatch(Rule):
    code = "LG203"
    name = "output-units-mismatch"
    severity = ERROR
    summary = "output units differ from the number of classes"
    hint = "give the output layer one unit per class"

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for link in facts.links:
            head, loss, labels = link.head, link.loss, link.labels
            if head is None or head.units is None or head.units <= 1 or head.layer_at is None or head.reshaped:
                continue
            if labels is None or labels.n_classes is None:
                continue
            if loss.family in ("categorical", "sparse_categorical", "nll"):
                pass
            elif loss.family == "binary" and labels.encoding == "one_hot":
                pass
            else:
                continue
            if head.units == labels.n_classes:
                continue
            yield Violation(
                head.layer_at,
                f"the output layer has {head.units} units but the labels have {labels.n_classes} classes",
                related=((labels.classes_at, f"{labels.n_classes} classes known here"),) if labels.classes_at else (),
                facts=link.summary(),
            )

    invalid = [
        Example('''\
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

NUM_CLASSES = 10
(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = np.expand_dims(x_train.astype("float32") / 255, -1)
y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Flatten(),
    layers.Dense(12, activation="softmax"),  # <- LG203
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=15)
'''),
        Example('''\
import torch
from torch import nn
from torchvision import datasets, transforms

train_set = datasets.CIFAR100("data", train=True, download=True, transform=transforms.ToTensor())
loader = torch.utils.data.DataLoader(train_set, batch_size=64)
model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10))  # <- LG203
criterion = nn.CrossEntropyLoss()
for images, labels in loader:
    loss = criterion(model(images), labels)
'''),
    ]
    valid = [
        Example('''\
import torch
from torch import nn
from torchvision import datasets, transforms

train_set = datasets.CIFAR10("data", train=True, download=True, transform=transforms.ToTensor())
loader = torch.utils.data.DataLoader(train_set, batch_size=64)
model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10))
criterion = nn.CrossEntropyLoss()
for images, labels in loader:
    loss = criterion(model(images), labels)
'''),
        Example('''\
from tensorflow import keras

(x_train, _), _ = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255
autoencoder = keras.Sequential([keras.layers.Dense(32, activation="relu"), keras.layers.Dense(784, activation="sigmoid")])
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.fit(x_train, x_train)
''', "false-positive trap: an autoencoder on MNIST has 784 outputs, not 10"),
    ]
