# the binary LSTM as the answer explains: one sigmoid unit goes with binary cross-entropy
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

data = np.load("events.npz")
X_train, y_train = data["X"], data["y"]
n_timesteps, n_features = X_train.shape[1], X_train.shape[2]
n_outputs = 1

model = Sequential()
model.add(LSTM(256, input_shape=(n_timesteps, n_features), recurrent_activation='hard_sigmoid'))
model.add(Dense(n_outputs, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X_train, y_train, epochs=10, batch_size=512, validation_split=0.2)
