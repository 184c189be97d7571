import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
mu, sigma = x_train.mean(axis=0), x_train.std(axis=0)
x_train = (x_train - mu) / sigma
x_test = (x_test - mu) / sigma


class PriceRegressor(keras.Model):
    def __init__(self, hidden=(64, 32)):
        super().__init__()
        self.hidden_layers = [layers.Dense(h, activation="relu") for h in hidden]
        self.out = layers.Dense(1)

    def call(self, x):
        for layer in self.hidden_layers:
            x = layer(x)
        return keras.activations.sigmoid(self.out(x))


model = PriceRegressor()
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=200, batch_size=32, validation_data=(x_test, y_test), verbose=0)
print("test MAE ($1000s):", model.evaluate(x_test, y_test, verbose=0)[1])
