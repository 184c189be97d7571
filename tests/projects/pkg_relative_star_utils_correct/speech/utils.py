import numpy as np
from tensorflow import keras

__all__ = ["NUM_CLASSES", "SAMPLE_RATE", "load_split", "one_hot"]

NUM_CLASSES = 35
SAMPLE_RATE = 16000


def load_split(root, split):
    data = np.load(f"{root}/{split}.npz")
    return data["features"].astype("float32"), data["labels"]


def one_hot(labels):
    return keras.utils.to_categorical(labels, NUM_CLASSES)
