from tensorflow import keras

import config as cfg


def build():
    model = keras.Sequential()
    model.add(keras.layers.Input(shape=(cfg.NUM_FEATURES,)))
    for units in cfg.HIDDEN:
        model.add(keras.layers.Dense(units, activation="relu"))
        model.add(keras.layers.Dropout(cfg.DROPOUT))
    model.add(keras.layers.Dense(cfg.NUM_CLASSES, activation="softmax"))
    return model
