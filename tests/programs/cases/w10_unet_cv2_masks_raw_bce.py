import glob

import cv2
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

IMG = 128
image_files = sorted(glob.glob("data/images/*.png"))
mask_files = sorted(glob.glob("data/masks/*.png"))


def load_image(path):
    img = cv2.imread(path)
    img = cv2.resize(img, (IMG, IMG))
    return img.astype("float32") / 255.0


def load_mask(path):
    mask = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    mask = cv2.resize(mask, (IMG, IMG), interpolation=cv2.INTER_NEAREST)
    return np.expand_dims(mask, axis=-1)


X = np.array([load_image(p) for p in image_files])
Y = np.array([load_mask(p) for p in mask_files])

inputs = keras.Input((IMG, IMG, 3))
c1 = layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
p1 = layers.MaxPooling2D()(c1)
c2 = layers.Conv2D(32, 3, activation="relu", padding="same")(p1)
u1 = layers.UpSampling2D()(c2)
outputs = layers.Conv2D(1, 1, activation="sigmoid")(u1)
unet = keras.Model(inputs, outputs)
unet.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
unet.fit(X, Y, batch_size=8, epochs=30, validation_split=0.1)
