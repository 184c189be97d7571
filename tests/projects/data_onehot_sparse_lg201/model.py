from tensorflow import keras
from tensorflow.keras import layers


def build_mlp(hidden=(512, 256), dropout=0.2):
    model = keras.Sequential([keras.Input(shape=(784,))])
    for units in hidden:
        model.add(layers.Dense(units, activation="relu"))
        model.add(layers.Dropout(dropout))
    model.add(layers.Dense(10, activation="softmax"))
    return model
