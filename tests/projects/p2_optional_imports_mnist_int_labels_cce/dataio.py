try:
    from tensorflow import keras
except ImportError:  # Keras 3 without TensorFlow
    import keras


def load_mnist(flatten=False):
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    if flatten:
        x_train = x_train.reshape(len(x_train), -1)
        x_test = x_test.reshape(len(x_test), -1)
    else:
        x_train = x_train[..., None]
        x_test = x_test[..., None]
    return (x_train.astype("float32"), y_train), (x_test.astype("float32"), y_test)
