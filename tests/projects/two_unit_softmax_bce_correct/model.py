import tensorflow as tf


def create_model(timesteps, n_features):
    model = tf.keras.models.Sequential()
    model.add(tf.keras.layers.Input(shape=(timesteps, n_features)))
    model.add(tf.keras.layers.LSTM(64, return_sequences=True))
    model.add(tf.keras.layers.LSTM(32))
    model.add(tf.keras.layers.Dense(16, activation="relu"))
    model.add(tf.keras.layers.Dense(2, activation="softmax"))
    return model
