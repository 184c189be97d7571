import numpy as np
import torch
from tensorflow import keras

rng = np.random.default_rng(42)
X = rng.normal(size=(1000, 16)).astype("float32")
y = rng.integers(0, 2, size=1000)

clf = keras.Sequential([keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
clf.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
clf.fit(X, y, epochs=5)

net = torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
targets = torch.randint(0, 2, (1000, 1)).float()
loss = torch.nn.BCEWithLogitsLoss()(net(torch.from_numpy(X)), targets)
loss.backward()

multi_label = np.random.randint(0, 2, (1000, 6))
tagger = keras.Sequential([keras.layers.Dense(6, activation="sigmoid")])
tagger.compile(optimizer="adam", loss="binary_crossentropy")
tagger.fit(X, multi_label)
