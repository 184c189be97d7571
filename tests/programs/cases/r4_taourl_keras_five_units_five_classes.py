import numpy as np
import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

NUM_CLASSES = 5

features = np.loadtxt("features.csv", delimiter=",", dtype="float32")
x_train, raw_labels = features[:, :10], features[:, 10].astype(int)
y_train = tf.keras.utils.to_categorical(raw_labels, num_classes=NUM_CLASSES)

model = Sequential([
    Dense(64, activation="relu", input_shape=(10,)),
    Dense(NUM_CLASSES, activation="softmax"),   # one unit per class
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10)
