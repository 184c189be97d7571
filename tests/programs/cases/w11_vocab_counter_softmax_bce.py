import numpy as np
from tensorflow import keras


def build_charset(words):
    charset = {"<pad>": 0}
    next_id = 1
    for word in words:
        for ch in word:
            if ch not in charset:
                charset[ch] = next_id
                next_id += 1
    return charset, next_id


words = [line.strip() for line in open("names.txt")]
charset, n_chars = build_charset(words)
inputs = keras.Input(shape=(None,))
h = keras.layers.Embedding(n_chars, 24)(inputs)
h = keras.layers.GRU(48)(h)
next_char = keras.layers.Dense(n_chars, activation="softmax")(h)
model = keras.Model(inputs, next_char)
model.compile(optimizer="rmsprop", loss="binary_crossentropy")
model.fit(np.zeros((10, 8)), np.zeros((10, n_chars)), epochs=1)
