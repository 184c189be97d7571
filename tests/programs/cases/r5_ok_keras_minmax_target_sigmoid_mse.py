"""California housing with a sigmoid output: the target is min-max scaled into [0, 1] first."""
import numpy as np
from sklearn.datasets import fetch_california_housing
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from tensorflow import keras

X, y = fetch_california_housing(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)

x_scaler = StandardScaler().fit(X_train)
y_scaler = MinMaxScaler().fit(y_train.reshape(-1, 1))
X_train_s, X_test_s = x_scaler.transform(X_train), x_scaler.transform(X_test)
y_train_s = y_scaler.transform(y_train.reshape(-1, 1))
y_test_s = y_scaler.transform(y_test.reshape(-1, 1))

model = keras.Sequential([
    keras.layers.Input(shape=(8,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(X_train_s, y_train_s, epochs=50, batch_size=64, validation_data=(X_test_s, y_test_s))
pred = y_scaler.inverse_transform(model.predict(X_test_s))
print("RMSE ($100k):", float(np.sqrt(np.mean((pred.ravel() - y_test) ** 2))))
