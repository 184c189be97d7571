from tensorflow import keras

__all__ = ["build_model", "VERSION"]
VERSION = 2


def build_model(num_classes=10):
    return keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(num_classes),
    ])
