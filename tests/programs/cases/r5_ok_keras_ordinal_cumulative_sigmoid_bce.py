"""Ordinal regression (diabetic-retinopathy grade 0..4) with cumulative binary targets:
target k is 1 when grade > k, so four sigmoid units trained with binary cross-entropy."""
import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers

NUM_GRADES = 5

df = pd.read_csv("retino_features.csv")
X = df.drop(columns=["id", "diagnosis"]).values.astype("float32")
X = (X - X.mean(0)) / (X.std(0) + 1e-6)
grade = df["diagnosis"].values
Y = (grade[:, None] > np.arange(NUM_GRADES - 1)[None, :]).astype("float32")

model = keras.Sequential([
    layers.Input(shape=(X.shape[1],)),
    layers.Dense(128, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(NUM_GRADES - 1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy",
              metrics=[keras.metrics.BinaryAccuracy(threshold=0.5)])
model.fit(X, Y, epochs=60, batch_size=64, validation_split=0.2)
pred_grade = (model.predict(X) > 0.5).sum(axis=1)
print("exact match:", (pred_grade == grade).mean())
