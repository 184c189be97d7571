import glob
import os

import cv2
import numpy as np
from sklearn.model_selection import train_test_split
from tensorflow.keras import layers, models
from tensorflow.keras.utils import to_categorical

CLASSES = ["glioma", "meningioma", "notumor", "pituitary"]
IMG = 128

images, labels = [], []
for idx, name in enumerate(CLASSES):
    for path in glob.glob(os.path.join("brain_mri", "Training", name, "*.jpg")):
        img = cv2.imread(path)
        img = cv2.resize(img, (IMG, IMG))
        images.append(img)
        labels.append(idx)

X = np.array(images, dtype="float32")
y = to_categorical(np.array(labels), num_classes=len(CLASSES))
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.15, random_state=42)

model = models.Sequential([
    layers.Input(shape=(IMG, IMG, 3)),
    layers.Conv2D(32, (3, 3), activation="relu"),
    layers.MaxPooling2D(2, 2),
    layers.Conv2D(64, (3, 3), activation="relu"),
    layers.MaxPooling2D(2, 2),
    layers.Conv2D(128, (3, 3), activation="relu"),
    layers.MaxPooling2D(2, 2),
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=25, batch_size=32)
model.save("brain_tumor_cnn.h5")
