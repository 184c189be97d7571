"""Bounded output for a bounded response: scale the target into [0, 1] with a MinMaxScaler, use a
sigmoid output, and invert the scaling for predictions (stats.SE "Neural networks bounded output")."""
import numpy as np
from sklearn.datasets import fetch_california_housing
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from tensorflow import keras

housing = fetch_california_housing()
X = StandardScaler().fit_transform(housing.data)
y_scaler = MinMaxScaler()
y = y_scaler.fit_transform(housing.target.reshape(-1, 1))

model = keras.Sequential([
    keras.layers.Dense(64, activation="relu", input_shape=(X.shape[1],)),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=30, batch_size=64, validation_split=0.1)

prices = y_scaler.inverse_transform(model.predict(X[:5]))
print(np.round(prices.ravel(), 2))
