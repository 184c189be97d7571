# the up/down Conv1D classifier after the answer: one unit needs a sigmoid, not a softmax
import numpy as np
from keras.models import Sequential
from keras.layers import (Conv1D, BatchNormalization, LeakyReLU, Dropout,
                          Flatten, Dense, Activation)
from sklearn.metrics import confusion_matrix

data = np.load("windows.npz")
X_train, y_train = data["X_train"], data["y_train"]
X_test, y_test = data["X_test"], data["y_test"]

model = Sequential()
model.add(Conv1D(16, 4, padding="same", input_shape=(10, 4)))
model.add(BatchNormalization())
model.add(LeakyReLU())
model.add(Dropout(0.2))
model.add(Conv1D(8, 4, padding="same"))
model.add(BatchNormalization())
model.add(LeakyReLU())
model.add(Flatten())
model.add(Dense(64))
model.add(LeakyReLU())
model.add(Dense(1))
model.add(Activation("sigmoid"))

model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=100, batch_size=128, verbose=0,
          validation_data=(X_test, y_test), shuffle=True)
print(confusion_matrix(y_test, (model.predict(X_test) > 0.5).astype(int)))
