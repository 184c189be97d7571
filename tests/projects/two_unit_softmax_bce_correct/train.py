import numpy as np
import tensorflow as tf

from model import create_model

X = np.load("data/ecg_windows.npy")
labels = np.load("data/ecg_labels.npy")  # 0 = normal, 1 = arrhythmia
y = tf.keras.utils.to_categorical(labels, num_classes=2)

model = create_model(X.shape[1], X.shape[2])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=30, batch_size=64, validation_split=0.2)
