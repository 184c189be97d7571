# Week 3 programming assignment: binary classification of tumours.
# Fill in the functions marked "YOUR CODE HERE"; do not change their signatures.
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow import keras
from tensorflow.keras import layers


def load_data():
    data = load_breast_cancer()
    X_train, X_test, y_train, y_test = train_test_split(
        data.data, data.target, test_size=0.2, random_state=42, stratify=data.target)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def build_model(n_features):
    """Return an uncompiled keras model with two hidden layers and one output."""
    # YOUR CODE HERE
    model = keras.Sequential()
    model.add(layers.Input(shape=(n_features,)))
    model.add(layers.Dense(32, activation="relu"))
    model.add(layers.Dense(16, activation="relu"))
    model.add(layers.Dense(1, activation="softmax"))
    return model


def compile_model(model, learning_rate=0.001):
    # YOUR CODE HERE
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model


def train(model, X, y, epochs=50):
    # YOUR CODE HERE
    return model.fit(X, y, epochs=epochs, batch_size=16, validation_split=0.1, verbose=0)


if __name__ == "__main__":
    X_train, X_test, y_train, y_test = load_data()
    model = compile_model(build_model(X_train.shape[1]))
    history = train(model, X_train, y_train)
    print("test accuracy:", model.evaluate(X_test, y_test, verbose=0)[1])
    assert np.isfinite(history.history["loss"][-1])
