# LSTM over 5 time steps of 10 label-encoded features; binary target.
# categorical_crossentropy gives 26% accuracy, binary_crossentropy 98% -- which one is right?
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

data = np.load("events.npz")
X_train, y_train = data["X"], data["y"]          # (430000, 5, 10), (430000, 1)
n_timesteps, n_features = X_train.shape[1], X_train.shape[2]
n_outputs = 1

model = Sequential()
model.add(LSTM(256, input_shape=(n_timesteps, n_features), recurrent_activation='hard_sigmoid'))
model.add(Dense(n_outputs, activation='sigmoid'))
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X_train, y_train, epochs=10, batch_size=512, validation_split=0.2)
