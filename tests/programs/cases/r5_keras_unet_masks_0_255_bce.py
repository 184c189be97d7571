"""Binary road segmentation with a small U-Net (images 256x256, masks are 0/255 PNGs)."""
import glob

import numpy as np
from PIL import Image
from tensorflow import keras
from tensorflow.keras import layers

image_paths = sorted(glob.glob("roads/images/*.png"))
mask_paths = sorted(glob.glob("roads/masks/*.png"))

X = np.stack([np.array(Image.open(p).convert("RGB").resize((256, 256))) for p in image_paths]) / 255.0
Y = np.stack([np.array(Image.open(p).convert("L").resize((256, 256))) for p in mask_paths])
Y = Y[..., np.newaxis].astype("float32")


def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return layers.Conv2D(filters, 3, padding="same", activation="relu")(x)


def build_unet(input_shape=(256, 256, 3)):
    inputs = keras.Input(input_shape)
    c1 = conv_block(inputs, 32)
    p1 = layers.MaxPooling2D()(c1)
    c2 = conv_block(p1, 64)
    p2 = layers.MaxPooling2D()(c2)
    b = conv_block(p2, 128)
    u2 = layers.Conv2DTranspose(64, 2, strides=2, padding="same")(b)
    c3 = conv_block(layers.concatenate([u2, c2]), 64)
    u1 = layers.Conv2DTranspose(32, 2, strides=2, padding="same")(c3)
    c4 = conv_block(layers.concatenate([u1, c1]), 32)
    outputs = layers.Conv2D(1, 1, activation="sigmoid")(c4)
    return keras.Model(inputs, outputs, name="unet")


model = build_unet()
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.MeanIoU(num_classes=2)])
model.fit(X, Y, batch_size=8, epochs=40, validation_split=0.1)
