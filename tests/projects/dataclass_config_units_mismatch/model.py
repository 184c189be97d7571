from tensorflow import keras
from tensorflow.keras import layers


def build_model(cfg):
    model = keras.Sequential([keras.Input(shape=(28, 28)), layers.Flatten()])
    for units in cfg.hidden_units:
        model.add(layers.Dense(units, activation="relu"))
        model.add(layers.Dropout(cfg.dropout))
    model.add(layers.Dense(cfg.num_classes, activation="softmax"))
    return model
