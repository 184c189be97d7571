from tensorflow import keras


def load_boston(seed=113):
    (x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data(seed=seed)
    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0)
    x_train = (x_train - mean) / std
    x_test = (x_test - mean) / std
    return (x_train, y_train), (x_test, y_test)
