import tensorflow as tf


class Net(tf.keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.flatten = tf.keras.layers.Flatten()
        self.d1 = tf.keras.layers.Dense(128, activation="relu")
        self.drop = tf.keras.layers.Dropout(0.2)
        self.d2 = tf.keras.layers.Dense(num_classes, activation="softmax")

    def call(self, x, training=False):
        x = self.flatten(x)
        x = self.d1(x)
        x = self.drop(x, training=training)
        return self.d2(x)
