from tensorflow.keras.datasets import cifar10
from tensorflow.keras.utils import to_categorical


def load_cifar10():
    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    x_train = x_train.astype("float32") / 255.0
    x_test = x_test.astype("float32") / 255.0
    return (x_train, to_categorical(y_train, 10)), (x_test, to_categorical(y_test, 10))
