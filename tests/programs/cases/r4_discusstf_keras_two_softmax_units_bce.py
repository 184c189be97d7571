# Binary classifier with two softmax outputs (one per class) trained with BinaryCrossentropy on one-hot
# targets. The reported loss differs from a hand computation, but for exactly two one-hot units the
# per-unit binary cross-entropy and the categorical one rank predictions the same way.
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow import keras

X, y = load_breast_cancer(return_X_y=True)
X = StandardScaler().fit_transform(X)
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=0)
Y_tr = keras.utils.to_categorical(y_tr, 2)
Y_te = keras.utils.to_categorical(y_te, 2)

loss_func = keras.losses.BinaryCrossentropy()
nn = keras.Sequential([
    keras.layers.Dense(2 ** 8, input_shape=(X.shape[1],), activation="relu"),
    keras.layers.Dense(2, activation="softmax"),
])
nn.compile(loss=loss_func, optimizer="adam", metrics=["categorical_accuracy"])
nn.fit(X_tr, Y_tr, epochs=30, batch_size=32, validation_data=(X_te, Y_te))

manual = np.mean(-Y_te * np.log(nn.predict(X_te)) - (1 - Y_te) * np.log(1 - nn.predict(X_te)))
print("evaluate:", nn.evaluate(X_te, Y_te), "manual:", manual)
