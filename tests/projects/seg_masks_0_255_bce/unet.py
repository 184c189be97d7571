from tensorflow import keras
from tensorflow.keras import layers


def double_conv(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return layers.Conv2D(filters, 3, padding="same", activation="relu")(x)


def build_unet(size=128, base=16):
    inputs = keras.Input((size, size, 3))
    c1 = double_conv(inputs, base)
    p1 = layers.MaxPooling2D()(c1)
    c2 = double_conv(p1, base * 2)
    p2 = layers.MaxPooling2D()(c2)
    c3 = double_conv(p2, base * 4)
    u2 = layers.Conv2DTranspose(base * 2, 2, strides=2, padding="same")(c3)
    c4 = double_conv(layers.concatenate([u2, c2]), base * 2)
    u1 = layers.Conv2DTranspose(base, 2, strides=2, padding="same")(c4)
    c5 = double_conv(layers.concatenate([u1, c1]), base)
    outputs = layers.Conv2D(1, 1, activation="sigmoid")(c5)
    return keras.Model(inputs, outputs, name="unet")
