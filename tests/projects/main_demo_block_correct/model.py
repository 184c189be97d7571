from tensorflow import keras
from tensorflow.keras import layers

NUM_CLASSES = 10
LOSS = "sparse_categorical_crossentropy"


def build_model(num_classes=NUM_CLASSES):
    return keras.Sequential([
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(256, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(num_classes, activation="softmax"),
    ])


if __name__ == "__main__":
    # quick sanity check of the architecture: python model.py
    LOSS = "binary_crossentropy"
    demo = build_model()
    demo.summary()
    print("parameters:", demo.count_params(), "- default loss would be", LOSS)
