import numpy as np
import tensorflow as tf

from nets import TinyResNet

TAGS = ["beach", "city", "food", "people", "pets"]

images = np.load("data/photos_64.npy").astype("float32") / 255.0
tags = np.load("data/tags.npy").astype("float32")  # (N, 5) multi-hot

model = TinyResNet(num_tags=len(TAGS))
model.compile(
    optimizer=tf.keras.optimizers.Adam(1e-3),
    loss="binary_crossentropy",
    metrics=[tf.keras.metrics.AUC(multi_label=True)],
)
model.fit(images, tags, batch_size=64, epochs=20, validation_split=0.2)
model.save_weights("tagger.weights.h5")
