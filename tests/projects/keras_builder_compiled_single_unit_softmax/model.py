import tensorflow as tf


def build_model(vocab_size=20000, maxlen=200):
    model = tf.keras.Sequential([
        tf.keras.layers.Input(shape=(maxlen,)),
        tf.keras.layers.Embedding(vocab_size, 64),
        tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(32)),
        tf.keras.layers.Dense(64, activation="relu"),
        tf.keras.layers.Dropout(0.5),
        tf.keras.layers.Dense(1, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
