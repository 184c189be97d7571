import keras
import numpy as np

(x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()

normalizer = keras.layers.Normalization(axis=-1)
normalizer.adapt(np.array(x_train))

model = keras.Sequential([
    keras.Input(shape=(13,)),
    normalizer,
    keras.layers.Dense(64, activation="sigmoid"),
    keras.layers.Dense(64, activation="sigmoid"),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(0.001), loss="mean_absolute_error", metrics=["mae", "mse"])
history = model.fit(x_train, y_train, validation_split=0.2, epochs=100, verbose=0)
test_results = model.evaluate(x_test, y_test, verbose=0)
print("MAE on test set:", test_results[1])
