import argparse

import tensorflow as tf

parser = argparse.ArgumentParser(description="CIFAR-10 loss ablation")
parser.add_argument("--loss", default="categorical_crossentropy",
                    choices=["categorical_crossentropy", "binary_crossentropy", "kl_divergence"])
parser.add_argument("--epochs", type=int, default=10)
args = parser.parse_args()

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0
y_train = tf.keras.utils.to_categorical(y_train, 10)
y_test = tf.keras.utils.to_categorical(y_test, 10)

model = tf.keras.Sequential([
    tf.keras.layers.Conv2D(32, 3, activation="relu", input_shape=(32, 32, 3)),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(64, 3, activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss=args.loss, metrics=["accuracy"])
model.fit(x_train, y_train, epochs=args.epochs, validation_data=(x_test, y_test))
