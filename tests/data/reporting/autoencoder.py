from keras.layers import Dense, Input
from keras.models import Model

inputs = Input((784,))
hidden = Dense(32, activation="relu")(inputs)
outputs = Dense(784, activation="softmax")(hidden)
model = Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
