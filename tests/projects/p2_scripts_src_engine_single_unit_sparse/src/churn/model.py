import tensorflow as tf


def build_model(n_features, hidden=(64, 32), num_outputs=2, dropout=0.1):
    inputs = tf.keras.Input(shape=(n_features,), name="features")
    x = inputs
    for units in hidden:
        x = tf.keras.layers.Dense(units, activation="relu")(x)
        x = tf.keras.layers.Dropout(dropout)(x)
    outputs = tf.keras.layers.Dense(num_outputs, name="logits")(x)
    return tf.keras.Model(inputs, outputs, name="churn_mlp")
