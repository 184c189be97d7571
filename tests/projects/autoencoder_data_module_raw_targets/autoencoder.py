from tensorflow.keras import Model, layers


def build_autoencoder(encoding_dim=32):
    inputs = layers.Input(shape=(784,))
    encoded = layers.Dense(128, activation="relu")(inputs)
    encoded = layers.Dense(encoding_dim, activation="relu")(encoded)
    decoded = layers.Dense(128, activation="relu")(encoded)
    decoded = layers.Dense(784, activation="sigmoid")(decoded)
    autoencoder = Model(inputs, decoded)
    encoder = Model(inputs, encoded)
    return autoencoder, encoder
