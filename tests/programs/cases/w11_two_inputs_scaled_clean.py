import numpy as np
import tensorflow as tf

(train_images, train_labels), _ = tf.keras.datasets.fashion_mnist.load_data()
metadata = np.random.rand(len(train_images), 4).astype("float32")

meta_in = tf.keras.Input(shape=(4,), name="meta")
image_in = tf.keras.Input(shape=(28, 28), name="image")
x = tf.keras.layers.Flatten()(image_in)
x = tf.keras.layers.Dense(128, activation="relu")(x)
joined = tf.keras.layers.concatenate([x, tf.keras.layers.Dense(8)(meta_in)])
logits = tf.keras.layers.Dense(10)(joined)
model = tf.keras.Model(inputs=[meta_in, image_in], outputs=logits)
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit([metadata, train_images / 255.0], train_labels, epochs=5)
