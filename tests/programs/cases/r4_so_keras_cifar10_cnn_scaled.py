"""Same CIFAR-10 CNN after the answer: cast to float and scale the pixels into [0, 1] first."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models
from tensorflow.keras.datasets import cifar10

(x_train, y_train), (x_test, y_test) = cifar10.load_data()

# the fix: values were 0..255, which blew up the gradient updates
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255


def make_cnn(input_shape=(32, 32, 3), n_classes=10):
    inp = layers.Input(shape=input_shape)
    h = layers.Conv2D(32, (3, 3), padding="same", activation="relu")(inp)
    h = layers.Conv2D(32, (3, 3), activation="relu")(h)
    h = layers.MaxPooling2D()(h)
    h = layers.Dropout(0.25)(h)
    h = layers.Conv2D(64, (3, 3), padding="same", activation="relu")(h)
    h = layers.MaxPooling2D()(h)
    h = layers.Flatten()(h)
    h = layers.Dense(512, activation="relu")(h)
    out = layers.Dense(n_classes, activation="softmax")(h)
    return models.Model(inp, out)


cnn = make_cnn()
cnn.compile(optimizer=tf.keras.optimizers.RMSprop(learning_rate=1e-4),
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"])
cnn.fit(x_train, y_train, batch_size=32, epochs=20,
        validation_data=(x_test, y_test), shuffle=True)
print(np.argmax(cnn.predict(x_test[:20]), axis=1))
