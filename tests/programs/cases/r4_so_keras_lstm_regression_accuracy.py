"""Predict the next value of a sensor series with an LSTM.
Q: what does val_acc mean when the loss is mean squared error?"""
import numpy as np
import pandas as pd
from keras.models import Sequential
from keras.layers import LSTM, Dense, Activation, Dropout

WINDOW = 30

series = pd.read_csv("sensor.csv")["reading"].values.astype("float32")
X, y = [], []
for i in range(len(series) - WINDOW):
    X.append(series[i:i + WINDOW])
    y.append(series[i + WINDOW])
X = np.array(X)[..., None]
y = np.array(y)

model = Sequential()
model.add(LSTM(64, input_shape=(WINDOW, 1), return_sequences=True))
model.add(Dropout(0.2))
model.add(LSTM(32))
model.add(Dense(1))
model.add(Activation('linear'))  # a number
model.compile(loss='mean_squared_error',
              optimizer='adam',
              metrics=['accuracy'])

split = int(0.8 * len(X))
model.fit(X[:split], y[:split], epochs=100, batch_size=64,
          validation_data=(X[split:], y[split:]))
