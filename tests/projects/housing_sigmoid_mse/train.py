from tensorflow import keras

from model import build_regressor

(x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
mean = x_train.mean(axis=0)
std = x_train.std(axis=0)
x_train = (x_train - mean) / std
x_test = (x_test - mean) / std

model = build_regressor(x_train.shape[1])
model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=100, batch_size=16, validation_split=0.2, verbose=0)
print("test MAE (k$):", model.evaluate(x_test, y_test, verbose=0)[1])
