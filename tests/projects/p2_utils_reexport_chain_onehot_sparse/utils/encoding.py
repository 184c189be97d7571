import numpy as np
from tensorflow import keras


def one_hot(labels, num_classes):
    """Integer class ids -> float32 one-hot matrix."""
    labels = np.asarray(labels).reshape(-1)
    return keras.utils.to_categorical(labels, num_classes=num_classes).astype("float32")
