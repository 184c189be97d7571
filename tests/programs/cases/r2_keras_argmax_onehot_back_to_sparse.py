import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers

df = pd.read_csv("wine_quality.csv")
onehot = pd.get_dummies(df["quality_band"])  # low / medium / high
class_names = list(onehot.columns)
labels = onehot.values.argmax(axis=1)          # back to integer class ids for the sparse loss
features = df.drop(columns=["quality_band"]).values.astype("float32")

norm = layers.Normalization()
norm.adapt(features)

model = keras.Sequential([
    keras.Input(shape=(features.shape[1],)),
    norm,
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(len(class_names), activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(features, labels, epochs=60, batch_size=32, validation_split=0.2)
pred = np.array(class_names)[model.predict(features[:5]).argmax(axis=1)]
print(pred)
