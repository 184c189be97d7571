"""## What it does
Reports images known to be 0..255 integers (Keras `datasets.*.load_data()`, `PILToTensor`,
`np.array(Image.open(...))`, `cv2.imread`, `image_dataset_from_directory`) that reach training
without scaling: no `/ 255`, no `Rescaling` / `Normalization` layer, no `ToTensor`, no
`preprocess_input`, no scaler. Reported at the training call (`fit`, or the loss call).

## Why is this bad?
Weights are initialised for inputs of roughly unit scale. Pixels up to 255 make the first layer's
pre-activations hundreds of times too large: saturated units, exploding gradients, a learning rate
that is effectively far too high. Training is slow, unstable, or stuck at chance.

## Fix safety
No automatic fix: divide by 255 where the data is loaded, or add a `Rescaling(1/255)` layer (Keras)
or `ToTensor()` / `ConvertImageDtype` (torchvision).
"""

from __future__ import annotations

from typing import Iterator

from lossguard.facts import ProgramFacts
from lossguard.rules.base import WARNING, Example, Rule, Violation


class UnnormalizedImageInput(Rule):
    code = "LG301"
    name = "unnormalized-image-input"
    severity = WARNING
    summary = "raw 0..255 images reach training without scaling"
    hint = "scale the images to [0, 1] (x / 255.0, a Rescaling(1/255) layer, ToTensor())"

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        reported: set[int] = set()
        for link in facts.links:
            origin = link.raw_pixels_from
            if origin is None or link.via == "compile":
                continue
            if id(origin) in reported:
                continue  # one finding per data source
            reported.add(id(origin))
            yield Violation(
                link.at,
                "images with pixel values 0..255 reach the model without scaling to [0, 1]",
                related=((origin, "the unscaled 0..255 images come from here"),),
                facts=link.summary(),
            )

    invalid = [
        Example('''\
import tensorflow as tf
from tensorflow.keras import layers

(x_train, y_train), _ = tf.keras.datasets.cifar10.load_data()
model = tf.keras.Sequential([
    layers.Conv2D(32, 3, activation="relu", input_shape=(32, 32, 3)),
    layers.Flatten(),
    layers.Dense(10),
])
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x_train, y_train, epochs=10)  # <- LG301
'''),
        Example('''\
import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

transform = transforms.Compose([transforms.PILToTensor()])
train_data = datasets.CIFAR10(root="./data", train=True, download=True, transform=transform)
train_loader = DataLoader(train_data, batch_size=32, shuffle=True)
model = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(16 * 32 * 32, 10))
criterion = nn.CrossEntropyLoss()
for images, labels in train_loader:
    loss = criterion(model(images.float()), labels)  # <- LG301
'''),
    ]
    valid = [
        Example('''\
import tensorflow as tf
from tensorflow.keras import layers

(x_train, y_train), _ = tf.keras.datasets.cifar10.load_data()
model = tf.keras.Sequential([
    tf.keras.Input(shape=(32, 32, 3)),
    layers.Rescaling(1.0 / 255),
    layers.Conv2D(32, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(10),
])
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x_train, y_train, epochs=10)
''', "a Rescaling layer inside the model"),
        Example('''\
import torch
from torch import nn
from torchvision import datasets, transforms

transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
train_data = datasets.MNIST("./data", train=True, download=True, transform=transform)
loader = torch.utils.data.DataLoader(train_data, batch_size=64)
model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
criterion = nn.CrossEntropyLoss()
for images, labels in loader:
    criterion(model(images), labels).backward()
'''),
        Example('''\
from tensorflow import keras

(x_train, y_train), _ = keras.datasets.mnist.load_data()
mean, std = x_train.mean(), x_train.std()
x_train = (x_train - mean) / std
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train)
''', "standardised inputs"),
    ]
