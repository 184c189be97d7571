import tensorflow as tf


def build_model(n_features, hidden=(64, 32)):
    inputs = tf.keras.Input(shape=(n_features,))
    x = tf.keras.layers.Normalization()(inputs)
    for units in hidden:
        x = tf.keras.layers.Dense(units, activation="relu")(x)
    outputs = tf.keras.layers.Dense(1)(x)
    return tf.keras.Model(inputs, outputs)
