"""## What it does
Reports targets outside [0, 1] that reach a binary cross-entropy, which expects them inside: an
autoencoder `fit(x, x)` on raw 0..255 pixels, 0/255 segmentation masks, integer class ids larger
than 1. Reported at the training call. When the same raw pixels are also the unscaled input, only
this finding is reported (it is the more specific one).

## Why is this bad?
Binary cross-entropy `-(y log p + (1 - y) log(1 - p))` is only a cross-entropy for `y` in [0, 1].
With `y = 255` the loss is unbounded below and rewards pushing `p` to the clipping limits; the
numbers printed as loss are meaningless and the reconstruction never improves. In torch,
`BCELoss` with such targets may raise or silently train on garbage depending on the version.

## Fix safety
No automatic fix: scale the targets (`x / 255.0`, `mask / 255`, `mask > 0`) or, for class ids,
use a categorical loss.
"""

from __future__ import annotations

from typing import Iterator

from lossguard.facts import ProgramFacts
from lossguard.rules.base import ERROR, Example, Rule, Violation
from lossguard.rules.kit import loss_text


class ProbabilityLossTargetOutOfRange(Rule):
    code = "LG302"
    name = "probability-loss-target-out-of-range"
    severity = ERROR
    summary = "binary cross-entropy targets outside [0, 1]"
    hint = "scale the targets into [0, 1] (x / 255.0, mask > 0), or use a categorical loss for class ids"
    supersedes = ("LG301",)

    def supersedes_here(self, mine: Violation, other: Violation) -> bool:
        """One cause, one finding: the unscaled pixels are the targets too (an autoencoder fit on raw
        images). Raw images and, separately, integer labels into binary cross-entropy are two mistakes."""
        labels = (mine.facts or {}).get("labels") or {}
        return labels.get("value_range") == "0..255"

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for link in facts.links:
            loss, labels = link.loss, link.labels
            if loss.family != "binary" or labels is None or link.via == "compile":
                continue
            if labels.value_range == "0..255":
                what = "raw 0..255 values"
                source = labels.origin
            elif labels.encoding == "integer" and labels.n_classes is not None and labels.n_classes > 2:
                what = f"integer class ids 0..{labels.n_classes - 1}"
                source = labels.origin or labels.classes_at
            else:
                continue
            yield Violation(
                link.at,
                f"{loss_text(loss)} is trained on targets that are {what}; binary cross-entropy needs targets in [0, 1]",
                related=((source, "the targets come from here"),) if source is not None else (),
                facts=link.summary(),
            )

    invalid = [
        Example('''\
from tensorflow import keras

(x_train, y_train), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x_train, y_train, epochs=5)  # <- LG301 LG302
''', "two mistakes at one call: raw pixels in, digit ids 0..9 as binary targets"),
        Example('''\
from keras.layers import Input, Dense
from keras.models import Model
from keras.datasets import mnist

inputs = Input((784,))
hidden = Dense(64, activation="relu")(inputs)
outputs = Dense(784, activation="sigmoid")(hidden)
model = Model(inputs, outputs)
model.compile(loss="binary_crossentropy", optimizer="adam")
(trainX, _), _ = mnist.load_data()
trainX = trainX.reshape(trainX.shape[0], 784)
model.fit(trainX, trainX, epochs=5, batch_size=100)  # <- LG302
'''),
        Example('''\
import numpy as np
import torch
from PIL import Image
from torch import nn

model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 1, 1), nn.Sigmoid())
criterion = nn.BCELoss()
image = torch.from_numpy(np.array(Image.open("img.png"))).permute(2, 0, 1).float() / 255
mask = torch.from_numpy(np.array(Image.open("mask.png"))).float()
loss = criterion(model(image[None]), mask[None, None])  # <- LG302
''', "a 0/255 segmentation mask"),
    ]
    valid = [
        Example('''\
from keras.layers import Input, Dense
from keras.models import Model
from keras.datasets import mnist

inputs = Input((784,))
outputs = Dense(784, activation="sigmoid")(Dense(64, activation="relu")(inputs))
model = Model(inputs, outputs)
model.compile(loss="binary_crossentropy", optimizer="adam")
(trainX, _), _ = mnist.load_data()
trainX = trainX.reshape(-1, 784).astype("float32") / 255.0
model.fit(trainX, trainX, epochs=5)
'''),
        Example('''\
import numpy as np
import torch
from PIL import Image
from torch import nn

model = nn.Sequential(nn.Conv2d(3, 1, 1), nn.Sigmoid())
criterion = nn.BCELoss()
image = torch.from_numpy(np.array(Image.open("img.png"))).permute(2, 0, 1).float() / 255
mask = torch.from_numpy(np.array(Image.open("mask.png")) > 0).float()
loss = criterion(model(image[None]), mask[None, None])
''', "a mask thresholded to 0/1"),
    ]
