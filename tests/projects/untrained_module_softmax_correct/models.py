import tensorflow as tf

layers = tf.keras.layers

# Reference architecture from the paper, kept for comparison in the notebook.
reference_model = tf.keras.Sequential([
    layers.Input(shape=(64,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(10, activation="softmax"),
])


def build_model(hidden=128):
    return tf.keras.Sequential([
        layers.Input(shape=(64,)),
        layers.Dense(hidden, activation="relu"),
        layers.Dense(hidden, activation="relu"),
        layers.Dense(10),
    ])
