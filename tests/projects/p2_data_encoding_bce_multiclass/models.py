import tensorflow as tf


def build_mlp(n_features, n_outputs, hidden=(128, 64)):
    model = tf.keras.Sequential()
    model.add(tf.keras.layers.Input(shape=(n_features,)))
    for units in hidden:
        model.add(tf.keras.layers.Dense(units, activation="relu"))
        model.add(tf.keras.layers.Dropout(0.2))
    model.add(tf.keras.layers.Dense(n_outputs, activation="sigmoid"))
    return model
