"""Satellite tiles can show several things at once (road, water, clouds, ...): multi-label.
The head ends in a Softmax layer, so the outputs compete and sum to 1."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

tiles = np.load("tiles.npy").astype("float32") / 255.0    # (n, 64, 64, 3)
tags = np.load("tags_multihot.npy")                       # (n, 10), several ones per row

inp = layers.Input(shape=(64, 64, 3))
x = layers.Conv2D(32, 3, activation="relu")(inp)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(10)(x)
out = layers.Softmax()(x)
tagger = tf.keras.Model(inp, out)

tagger.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(),
               metrics=[tf.keras.metrics.AUC(multi_label=True)])
tagger.fit(tiles, tags, epochs=15, batch_size=64, validation_split=0.1)
