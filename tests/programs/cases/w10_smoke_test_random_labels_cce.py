# smoke test of the training script on random data before the real dataset arrives
import numpy as np
from tensorflow import keras

NUM_CLASSES = 12
N = 2048

x_fake = np.random.rand(N, 96).astype("float32")
y_fake = np.random.randint(0, NUM_CLASSES, size=N)

model = keras.Sequential([
    keras.Input(shape=(96,)),
    keras.layers.Dense(256, activation="relu"),
    keras.layers.Dropout(0.3),
    keras.layers.Dense(NUM_CLASSES, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_fake, y_fake, epochs=2, batch_size=64)
