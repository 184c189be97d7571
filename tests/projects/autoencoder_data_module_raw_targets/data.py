from tensorflow.keras.datasets import mnist


def get_mnist_flat():
    (x_train, _), (x_test, _) = mnist.load_data()
    x_train = x_train.reshape(len(x_train), 784).astype("float32")
    x_test = x_test.reshape(len(x_test), 784).astype("float32")
    return x_train, x_test
