import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 28, 28, 1).astype("float32") / 255.0
x_test = x_test.reshape(-1, 28, 28, 1).astype("float32") / 255.0

# one-vs-rest detector for the digit 0
y_train = (y_train == 0).astype("float32")
y_test = (y_test == 0).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(1, activation="sigmoid"),
])
pos = y_train.mean()
class_weight = {0: 0.5 / (1 - pos), 1: 0.5 / pos}
model.compile(optimizer="adam", loss="binary_crossentropy",
              metrics=["accuracy", keras.metrics.Precision(), keras.metrics.Recall()])
model.fit(x_train, y_train, epochs=5, batch_size=128, class_weight=class_weight,
          validation_data=(x_test, y_test))
print(np.round(model.predict(x_test[:10]).ravel(), 3))
