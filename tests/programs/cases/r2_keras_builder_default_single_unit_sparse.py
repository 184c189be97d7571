import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers

HIDDEN = [128, 64]
CLASS_NAMES = ["low", "medium", "high", "critical"]


def build(input_dim, n_out=1, dropout=0.2):
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for units in HIDDEN:
        model.add(layers.Dense(units, activation="relu"))
        model.add(layers.Dropout(dropout))
    model.add(layers.Dense(n_out))
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[keras.metrics.SparseCategoricalAccuracy()],
    )
    return model


df = pd.read_csv("incident_reports.csv")
X = df.drop(columns=["severity"]).to_numpy(dtype=np.float32)
y = df["severity"].map({name: i for i, name in enumerate(CLASS_NAMES)}).to_numpy()
X = (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-7)

model = build(X.shape[1])
model.fit(X, y, validation_split=0.2, epochs=40, batch_size=64)
