import tensorflow as tf
from tensorflow.keras import layers


class SmallCNN(tf.keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = layers.Conv2D(32, 3, padding="same", activation="relu")
        self.conv2 = layers.Conv2D(64, 3, padding="same", activation="relu")
        self.pool = layers.MaxPooling2D()
        self.flatten = layers.Flatten()
        self.fc = layers.Dense(256, activation="relu")
        self.dropout = layers.Dropout(0.4)
        self.out = layers.Dense(num_classes)

    def call(self, x, training=False):
        x = self.pool(self.conv1(x))
        x = self.pool(self.conv2(x))
        x = self.dropout(self.fc(self.flatten(x)), training=training)
        return self.out(x)
