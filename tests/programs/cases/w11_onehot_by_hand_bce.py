import numpy as np
from keras import layers, models

rng = np.random.default_rng(0)
signals = rng.normal(size=(500, 64)).astype("float32")
kinds = rng.integers(0, 6, size=500)

targets = np.zeros((kinds.size, 6), dtype="float32")
targets[np.arange(kinds.size), kinds] = 1

net = models.Sequential([
    layers.Input(shape=(64,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(6, activation="sigmoid"),
])
net.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
net.fit(signals, targets, epochs=4, batch_size=16)
