import tensorflow as tf


def load():
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
    return (x_train / 255.0, y_train), (x_test / 255.0, y_test)
