import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler
from tensorflow import keras

import config as cfg
from model import build

df = pd.read_csv("data/creditcard.csv")
y = df.pop("Class").values.astype("float32")
X = StandardScaler().fit_transform(df.values).astype("float32")

model = build()
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.AUC(name="auc")])
model.fit(X, y, epochs=cfg.EPOCHS, batch_size=cfg.BATCH_SIZE, validation_split=0.2,
          class_weight={0: 1.0, 1: float(np.sum(y == 0) / np.sum(y == 1))})
