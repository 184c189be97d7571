from tensorflow import keras
from tensorflow.keras import layers


def build_classifier(input_shape, num_classes, hidden=256, dropout=0.2):
    return keras.Sequential(
        [
            keras.Input(shape=input_shape),
            layers.Flatten(),
            layers.Dense(hidden, activation="relu"),
            layers.Dropout(dropout),
            layers.Dense(hidden // 2, activation="relu"),
            layers.Dense(num_classes, activation="softmax"),
        ],
        name="fashion_mlp",
    )
