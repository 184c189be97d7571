import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
import numpy as np


def categorical_crossentropy(y_true, logits):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_true, logits=logits))


def label_smoothed(eps=0.1):
    def loss(y_true, logits):
        n = tf.cast(tf.shape(y_true)[-1], tf.float32)
        smoothed = y_true * (1.0 - eps) + eps / n
        return categorical_crossentropy(smoothed, logits)
    return loss


def get_model(num_classes=10):
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes)(x)
    return keras.Model(inputs, outputs)


(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = np.expand_dims(x_train, -1).astype("float32") / 255.0
y_train = keras.utils.to_categorical(y_train, 10)

model = get_model()
model.compile(optimizer="adam", loss=categorical_crossentropy, metrics=[keras.metrics.CategoricalAccuracy()])
model.fit(x_train, y_train, batch_size=128, epochs=5)
