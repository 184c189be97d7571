from tensorflow import keras
import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler


NUM_FEATURES = 30
NUM_CLASSES = 1  # fraud / not fraud
HIDDEN = [64, 32]
DROPOUT = 0.3
EPOCHS = 20
BATCH_SIZE = 2048


def build():
    model = keras.Sequential()
    model.add(keras.layers.Input(shape=(NUM_FEATURES,)))
    for units in HIDDEN:
        model.add(keras.layers.Dense(units, activation="relu"))
        model.add(keras.layers.Dropout(DROPOUT))
    model.add(keras.layers.Dense(NUM_CLASSES, activation="softmax"))
    return model


df = pd.read_csv("data/creditcard.csv")
y = df.pop("Class").values.astype("float32")
X = StandardScaler().fit_transform(df.values).astype("float32")

model = build()
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.AUC(name="auc")])
model.fit(X, y, epochs=EPOCHS, batch_size=BATCH_SIZE, validation_split=0.2,
          class_weight={0: 1.0, 1: float(np.sum(y == 0) / np.sum(y == 1))})
