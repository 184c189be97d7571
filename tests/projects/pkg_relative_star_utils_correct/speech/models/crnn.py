from tensorflow import keras
from tensorflow.keras import layers


def crnn(input_shape, num_classes):
    inputs = keras.Input(shape=input_shape)
    x = layers.Normalization()(inputs)
    x = layers.Conv1D(64, 5, padding="same", activation="relu")(x)
    x = layers.MaxPooling1D(2)(x)
    x = layers.Bidirectional(layers.LSTM(64))(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)
