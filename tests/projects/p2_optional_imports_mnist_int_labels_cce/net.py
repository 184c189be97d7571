try:
    from tensorflow import keras
    from tensorflow.keras import layers
except ImportError:
    import keras
    from keras import layers


def build_lenet(input_shape=(28, 28, 1), num_classes=10):
    return keras.Sequential(
        [
            keras.Input(shape=input_shape),
            layers.Conv2D(6, 5, padding="same", activation="tanh"),
            layers.AveragePooling2D(),
            layers.Conv2D(16, 5, activation="tanh"),
            layers.AveragePooling2D(),
            layers.Flatten(),
            layers.Dense(120, activation="tanh"),
            layers.Dense(84, activation="tanh"),
            layers.Dense(num_classes, activation="softmax"),
        ],
        name="lenet5",
    )
