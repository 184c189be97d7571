from tensorflow import keras


def load_images():
    """CIFAR-10 as uint8 arrays; labels as integer class ids."""
    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    return (x_train, y_train.ravel()), (x_test, y_test.ravel())
