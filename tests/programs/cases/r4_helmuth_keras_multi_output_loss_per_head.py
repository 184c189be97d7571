"""Face attributes with three heads, fixed: one loss per output (binary for the two yes/no heads,
categorical for the one-hot race head), and accuracy only where it means something."""
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow.keras import Input, Model, layers
from tensorflow.keras.utils import to_categorical

meta = pd.read_csv("utkface_meta.csv")                  # file, gender (0/1), smiling (0/1), race (0..4)
images = np.load("utkface_128.npy").astype("float32") / 255.0
y_gender = meta["gender"].values
y_smile = meta["smiling"].values
y_race = to_categorical(meta["race"].values, 5)

inp = Input(shape=(128, 128, 3))
x = layers.Conv2D(32, 3, activation="relu")(inp)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, activation="relu")(x)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(128, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
gender = layers.Dense(1, activation="sigmoid", name="gender")(x)
smile = layers.Dense(1, activation="sigmoid", name="smiling")(x)
race = layers.Dense(5, activation="softmax", name="race")(x)
model = Model(inp, [gender, smile, race])

model.compile(optimizer="adam",
              loss={"gender": "binary_crossentropy", "smiling": "binary_crossentropy",
                    "race": "categorical_crossentropy"},
              metrics={"gender": ["accuracy"], "smiling": ["accuracy"], "race": ["accuracy"]})
model.fit(images, {"gender": y_gender, "smiling": y_smile, "race": y_race}, epochs=20, batch_size=64, validation_split=0.1)
