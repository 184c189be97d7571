import numpy as np
from tensorflow import keras

from .encoding import one_hot

__all__ = ["CLASS_NAMES", "load_fashion_mnist", "one_hot"]

CLASS_NAMES = [
    "t-shirt", "trouser", "pullover", "dress", "coat",
    "sandal", "shirt", "sneaker", "bag", "ankle boot",
]


def load_fashion_mnist(validation_split=0.1, seed=0):
    (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
    x_train = (x_train / 255.0).astype("float32")[..., None]
    x_test = (x_test / 255.0).astype("float32")[..., None]

    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x_train))
    n_val = int(len(order) * validation_split)
    val_idx, train_idx = order[:n_val], order[n_val:]

    num_classes = len(CLASS_NAMES)
    return (
        (x_train[train_idx], one_hot(y_train[train_idx], num_classes)),
        (x_train[val_idx], one_hot(y_train[val_idx], num_classes)),
        (x_test, one_hot(y_test, num_classes)),
    )
