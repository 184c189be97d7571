import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, _), (x_test, _) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, 28, 28, 1)
x_test = x_test.reshape(-1, 28, 28, 1)


def add_noise(images, factor=0.4):
    noisy = images.astype("float32") / 255.0 + factor * np.random.normal(size=images.shape)
    return np.clip(noisy, 0.0, 1.0)


x_train_noisy = add_noise(x_train)
x_test_noisy = add_noise(x_test)

inp = layers.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, activation="relu", padding="same")(inp)
x = layers.MaxPooling2D(2, padding="same")(x)
x = layers.Conv2D(32, 3, activation="relu", padding="same")(x)
encoded = layers.MaxPooling2D(2, padding="same")(x)
x = layers.Conv2DTranspose(32, 3, strides=2, activation="relu", padding="same")(encoded)
x = layers.Conv2DTranspose(32, 3, strides=2, activation="relu", padding="same")(x)
decoded = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)

autoencoder = keras.Model(inp, decoded)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.fit(
    x=x_train_noisy,
    y=x_train,
    epochs=50,
    batch_size=128,
    shuffle=True,
    validation_data=(x_test_noisy, x_test),
)
