"""Dog breeds on bottleneck features, fixed: one-hot targets go with categorical_crossentropy."""
import numpy as np
import pandas as pd
from keras.models import Sequential
from keras.layers import Dense, Dropout

labels_df = pd.read_csv("labels.csv")
features = np.load("xception_bottleneck.npy")
targets = pd.get_dummies(labels_df["breed"]).values
n_breeds = targets.shape[1]

top = Sequential()
top.add(Dense(512, activation="relu", input_shape=(2048,)))
top.add(Dropout(0.5))
top.add(Dense(n_breeds, activation="softmax"))
top.compile(optimizer="rmsprop",
            loss="categorical_crossentropy",
            metrics=["accuracy"])
top.fit(features, targets, batch_size=64, epochs=15, validation_split=0.2)
