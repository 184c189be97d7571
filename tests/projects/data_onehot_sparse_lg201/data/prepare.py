import numpy as np
from tensorflow import keras

NUM_CLASSES = 10


def load_dataset(val_fraction=0.1):
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
    x_test = x_test.reshape(-1, 784).astype("float32") / 255.0
    y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)
    y_test = keras.utils.to_categorical(y_test, NUM_CLASSES)
    n_val = int(len(x_train) * val_fraction)
    idx = np.random.permutation(len(x_train))
    val, train = idx[:n_val], idx[n_val:]
    return (x_train[train], y_train[train]), (x_train[val], y_train[val]), (x_test, y_test)
