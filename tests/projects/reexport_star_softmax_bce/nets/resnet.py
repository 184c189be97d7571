import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

from .blocks import ResidualBlock

__all__ = ["TinyResNet"]


class TinyResNet(keras.Model):
    """A small ResNet for multi-label photo tagging."""

    def __init__(self, num_tags, **kwargs):
        super().__init__(**kwargs)
        self.stem = layers.Conv2D(32, 3, padding="same", activation="relu")
        self.blocks = [ResidualBlock(32), ResidualBlock(64, stride=2), ResidualBlock(128, stride=2)]
        self.pool = layers.GlobalAveragePooling2D()
        self.head = layers.Dense(num_tags)

    def call(self, x, training=False):
        x = self.stem(x)
        for block in self.blocks:
            x = block(x, training=training)
        logits = self.head(self.pool(x))
        return tf.nn.softmax(logits)
