import keras
from keras import layers


def build_price_model(n_features=8):
    return keras.Sequential([
        keras.Input(shape=(n_features,)),
        layers.Normalization(),
        layers.Dense(128, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),
    ])
