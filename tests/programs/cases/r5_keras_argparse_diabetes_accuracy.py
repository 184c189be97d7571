#!/usr/bin/env python
"""Regress disease progression (sklearn diabetes) with an MLP.

    python regress.py --hidden 64 --epochs 300
"""
import argparse

from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split
from tensorflow import keras


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--lr", type=float, default=1e-3)
    return ap.parse_args()


def build(hidden, lr):
    model = keras.Sequential([
        keras.layers.Input(shape=(10,)),
        keras.layers.Dense(hidden, activation="relu"),
        keras.layers.Dense(hidden, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr),
                  loss="mean_squared_error",
                  metrics=["accuracy"])
    return model


if __name__ == "__main__":
    args = parse_args()
    X, y = load_diabetes(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=0)
    model = build(args.hidden, args.lr)
    model.fit(X_tr, y_tr, epochs=args.epochs, batch_size=32, validation_split=0.1, verbose=0)
    print(dict(zip(model.metrics_names, model.evaluate(X_te, y_te, verbose=0))))
