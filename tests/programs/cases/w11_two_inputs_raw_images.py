import numpy as np
import tensorflow as tf

(train_images, train_labels), _ = tf.keras.datasets.fashion_mnist.load_data()
metadata = np.random.rand(len(train_images), 4).astype("float32")

image_in = tf.keras.Input(shape=(28, 28), name="image")
meta_in = tf.keras.Input(shape=(4,), name="meta")
x = tf.keras.layers.Flatten()(image_in)
x = tf.keras.layers.Dense(128, activation="relu")(x)
m = tf.keras.layers.Dense(8, activation="relu")(meta_in)
joined = tf.keras.layers.concatenate([x, m])
logits = tf.keras.layers.Dense(10)(joined)
model = tf.keras.Model(inputs=[image_in, meta_in], outputs=logits)
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit([train_images, metadata], train_labels, epochs=5)
