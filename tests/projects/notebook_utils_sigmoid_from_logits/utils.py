import matplotlib.pyplot as plt
from tensorflow import keras
from tensorflow.keras import layers


def build_model(img_size=(160, 160)):
    """Cats vs dogs: a small convnet ending in one unit."""
    inputs = keras.Input(shape=img_size + (3,))
    x = layers.Rescaling(1.0 / 255)(inputs)
    x = layers.RandomFlip("horizontal")(x)
    for filters in (32, 64, 128):
        x = layers.Conv2D(filters, 3, activation="relu")(x)
        x = layers.MaxPooling2D()(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.3)(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


def plot_history(history, metric="accuracy"):
    plt.plot(history.history[metric], label="train")
    plt.plot(history.history["val_" + metric], label="val")
    plt.xlabel("epoch")
    plt.legend()
    plt.show()
