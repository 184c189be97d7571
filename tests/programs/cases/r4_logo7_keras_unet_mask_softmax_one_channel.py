"""One-shot logo segmentation: the decoder ends in a 1-channel map trained with binary cross-entropy,
with a softmax on that single channel (the paper said "softmax"). Validation never improves."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, Model

queries = np.load("queries.npy").astype("float32") / 255.0     # (n, 64, 64, 3)
targets = np.load("targets.npy").astype("float32") / 255.0     # (n, 256, 256, 3)
masks = np.load("masks.npy").astype("float32")                 # (n, 256, 256, 1), 0/1


def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return layers.Conv2D(filters, 3, padding="same", activation="relu")(x)


q_in = layers.Input((64, 64, 3))
t_in = layers.Input((256, 256, 3))
q = layers.GlobalAveragePooling2D()(conv_block(q_in, 64))
q = layers.Reshape((1, 1, 64))(q)
t1 = conv_block(t_in, 32)
t2 = conv_block(layers.MaxPooling2D()(t1), 64)
q_map = layers.UpSampling2D(size=(128, 128))(q)
fused = layers.Concatenate()([t2, q_map])
u1 = layers.UpSampling2D()(conv_block(fused, 64))
u1 = conv_block(layers.Concatenate()([u1, t1]), 32)
mask_out = layers.Conv2D(1, 1, activation="softmax")(u1)

net = Model([q_in, t_in], mask_out)
net.compile(optimizer="adam", loss=tf.keras.losses.binary_crossentropy, metrics=["accuracy"])
net.fit([queries, targets], masks, batch_size=8, epochs=30, validation_split=0.1)
