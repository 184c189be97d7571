import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

NUM_CLASSES = 5


class FlowerNet(keras.Model):
    def __init__(self, num_classes=NUM_CLASSES):
        super().__init__()
        self.rescale = layers.Rescaling(1.0 / 255)
        self.conv1 = layers.Conv2D(32, 3, activation="relu")
        self.pool1 = layers.MaxPooling2D()
        self.conv2 = layers.Conv2D(64, 3, activation="relu")
        self.gap = layers.GlobalAveragePooling2D()
        self.out = layers.Dense(num_classes, activation="sigmoid")

    def call(self, x, training=False):
        x = self.pool1(self.conv1(self.rescale(x)))
        return self.out(self.gap(self.conv2(x)))

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        for metric in self.metrics:
            if metric.name != "loss":
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


train_ds = keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="training", seed=123,
    image_size=(180, 180), batch_size=32, label_mode="categorical")

model = FlowerNet()
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=10)
