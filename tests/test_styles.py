"""Short programs in styles found by the adversarial test rounds (misses and false positives that were
fixed), each with the exact rules expected. Larger realistic programs live in tests/programs/."""

import pytest

from lossguard.testing import check_code

CASES = {
    "mask binarised by slice assignment (silent)": ('''
import cv2, numpy as np, torch
from torch import nn
mask = cv2.imread("m.png", cv2.IMREAD_GRAYSCALE).astype(np.float32)
mask[mask > 0] = 1.0
model = nn.Sequential(nn.Conv2d(1, 1, 3, padding=1))
loss = nn.BCEWithLogitsLoss()(model(torch.rand(1, 1, 8, 8)), torch.from_numpy(mask)[None, None])
''', []),
    "raw 0/255 mask (LG302)": ('''
import cv2, numpy as np, torch
from torch import nn
mask = cv2.imread("m.png", cv2.IMREAD_GRAYSCALE).astype(np.float32)
model = nn.Sequential(nn.Conv2d(1, 1, 3, padding=1))
loss = nn.BCEWithLogitsLoss()(model(torch.rand(1, 1, 8, 8)), torch.from_numpy(mask)[None, None])
''', ["LG302"]),
    "mask cast to bool (silent)": ('''
import numpy as np, torch
from PIL import Image
from torch import nn
mask = np.array(Image.open("m.png")).astype(bool).astype(np.float32)
loss = nn.BCELoss()(torch.sigmoid(nn.Linear(4, 4)(torch.rand(2, 4))), torch.from_numpy(mask))
''', []),
    "in-place div_ on images (silent)": ('''
import cv2, torch
from torch import nn
img = torch.from_numpy(cv2.imread("a.png")).permute(2, 0, 1).float()
img.div_(255)
model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Flatten(), nn.LazyLinear(2))
loss = nn.CrossEntropyLoss()(model(img[None]), torch.tensor([1]))
''', []),
    "torchvision head replaced by index, log_softmax + NLL (silent)": ('''
import torch.nn as nn
from torchvision import models
model = models.vgg16(weights="DEFAULT")
model.classifier[6] = nn.Sequential(nn.Linear(4096, 102), nn.LogSoftmax(dim=1))
criterion = nn.NLLLoss()
for x, y in loader:
    loss = criterion(model(x), y)
''', []),
    "torchvision head replaced by index with a softmax + CE (LG104)": ('''
import torch.nn as nn
from torchvision import models
model = models.vgg16(weights="DEFAULT")
model.classifier[6] = nn.Sequential(nn.Linear(4096, 10), nn.Softmax(dim=1))
for x, y in loader:
    loss = nn.CrossEntropyLoss()(model(x), y)
''', ["LG104"]),
    "head grown with add_module(LogSoftmax) (silent)": ('''
import torch.nn as nn
from torchvision import models
model = models.vgg16(weights="DEFAULT")
model.classifier[6] = nn.Linear(4096, 102)
model.classifier.add_module("7", nn.LogSoftmax(dim=1))
for x, y in loader:
    loss = nn.NLLLoss()(model(x), y)
''', []),
    "Sequential.add_module(Softmax) + CE (LG104)": ('''
import torch
from torch import nn
model = nn.Sequential(nn.Linear(30, 64), nn.ReLU(), nn.Linear(64, 3))
model.add_module("softmax", nn.Softmax(dim=1))
loss = nn.CrossEntropyLoss()(model(torch.randn(8, 30)), torch.randint(0, 3, (8,)))
''', ["LG104"]),
    "Sequential.append(LogSoftmax) + NLL (silent)": ('''
import torch
from torch import nn
model = nn.Sequential(nn.Linear(30, 3))
model.append(nn.LogSoftmax(dim=1))
loss = nn.NLLLoss()(model(torch.randn(8, 30)), torch.randint(0, 3, (8,)))
''', []),
    "trainer class called inside an f-string (LG104)": ('''
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 5)
    def forward(self, x):
        return F.softmax(self.fc(x), dim=-1)
class Trainer:
    def __init__(self, model, criterion):
        self.model, self.criterion = model, criterion
    def step(self, x, y):
        return self.criterion(self.model(x), y)
t = Trainer(Net(), nn.CrossEntropyLoss())
print(f"loss {t.step(x, y):.3f}")
''', ["LG104"]),
    "functools.partial(F.cross_entropy) after softmax (LG104)": ('''
from functools import partial
import torch
import torch.nn.functional as F
head = torch.nn.Linear(16, 4)
loss_fn = partial(F.cross_entropy, label_smoothing=0.1)
loss = loss_fn(head(torch.randn(2, 16)).softmax(dim=-1), torch.tensor([0, 3]))
''', ["LG104"]),
    "dataclass output .logits into BCE (LG105)": ('''
from dataclasses import dataclass
import torch
import torch.nn as nn
import torch.nn.functional as F
@dataclass
class Out:
    logits: torch.Tensor
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(32, 20)
    def forward(self, x):
        return Out(logits=self.fc(x))
loss = F.binary_cross_entropy(Tagger()(torch.randn(4, 32)).logits, torch.ones(4, 20))
''', ["LG105"]),
    "one-entry Keras loss dict on a linear output (LG105)": ('''
from tensorflow import keras
inputs = keras.Input((8,), name="features")
out = keras.layers.Dense(1, name="y")(keras.layers.Dense(16, activation="relu")(inputs))
model = keras.Model(inputs, out)
model.compile(optimizer="adam", loss={"y": keras.losses.BinaryCrossentropy()})
''', ["LG105"]),
    "two-entry Keras loss dict: each output with its own loss (LG105 on a, LG101 on b)": ('''
from tensorflow import keras
inputs = keras.Input((8,))
a = keras.layers.Dense(1, name="a")(inputs)
b = keras.layers.Dense(3, name="b", activation="softmax")(inputs)
model = keras.Model(inputs, [a, b])
model.compile(optimizer="adam", loss={"a": "binary_crossentropy", "b": "binary_crossentropy"})
''', ["LG101", "LG105"]),
    "dict comprehension of softmax heads + CE over a generator (LG104)": ('''
import torch
import torch.nn as nn
import torch.nn.functional as F
class Heads(nn.Module):
    def __init__(self):
        super().__init__()
        self.heads = nn.ModuleDict({k: nn.Linear(16, n) for k, n in {"a": 3, "b": 5}.items()})
    def forward(self, z):
        return {k: F.softmax(h(z), dim=1) for k, h in self.heads.items()}
out = Heads()(torch.randn(2, 16))
loss = sum(nn.CrossEntropyLoss()(out[k], targets[k]) for k in out)
''', ["LG104"]),
    "two star imports (LG105)": ('''
from keras.layers import *
from keras.models import *
model = Sequential()
model.add(Dense(1))
model.compile(loss="binary_crossentropy", optimizer="adam")
''', ["LG105"]),
    "positional from_logits=True after a softmax (LG104)": ('''
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(True))
''', ["LG104"]),
    "get_dummies(...).values with a sparse loss (LG201)": ('''
import pandas as pd
from tensorflow import keras
df = pd.read_csv("iris.csv")
y = pd.get_dummies(df["species"]).values
model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(df.drop(columns=["species"]).values, y)
''', ["LG201"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_style(name):
    code, expected = CASES[name]
    assert sorted(f.rule for f in check_code(code)) == sorted(expected)
