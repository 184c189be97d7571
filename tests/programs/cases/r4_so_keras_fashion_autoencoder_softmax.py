# Dense autoencoder on Fashion-MNIST. How does binary cross-entropy work with a softmax over 784 pixels?
from tensorflow.keras.datasets import fashion_mnist
from tensorflow.keras.layers import Input, Dense
from tensorflow.keras.models import Model

(train_x, _), (test_x, _) = fashion_mnist.load_data()
train_x = train_x.reshape(len(train_x), 28 * 28)
test_x = test_x.reshape(len(test_x), 28 * 28)


def build_autoencoder(code_size=32):
    x_in = Input((784,))
    e = Dense(256, activation="relu")(x_in)
    e = Dense(128, activation="relu")(e)
    code = Dense(code_size, activation="relu")(e)
    d = Dense(128, activation="relu")(code)
    d = Dense(256, activation="relu")(d)
    x_out = Dense(784, activation="softmax")(d)
    return Model(x_in, x_out)


ae = build_autoencoder()
ae.compile(loss="binary_crossentropy", optimizer="adam")
ae.fit(train_x, train_x, epochs=5, batch_size=100, validation_data=(test_x, test_x))
