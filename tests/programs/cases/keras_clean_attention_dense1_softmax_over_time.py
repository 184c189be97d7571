import numpy as np
from tensorflow.keras import backend as K
from tensorflow.keras.layers import (LSTM, Activation, Dense, Embedding, Flatten, Input, Lambda,
                                     Multiply, Permute, RepeatVector)
from tensorflow.keras.models import Model
from tensorflow.keras.preprocessing.sequence import pad_sequences

MAX_LEN = 100
VOCAB = 20000
NUM_CLASSES = 4
UNITS = 64

inputs = Input(shape=(MAX_LEN,))
emb = Embedding(VOCAB, 128)(inputs)
lstm_out = LSTM(UNITS, return_sequences=True)(emb)

attention = Dense(1, activation="tanh")(lstm_out)
attention = Flatten()(attention)
attention = Activation("softmax")(attention)
attention = RepeatVector(UNITS)(attention)
attention = Permute([2, 1])(attention)

sent_representation = Multiply()([lstm_out, attention])
sent_representation = Lambda(lambda xin: K.sum(xin, axis=1))(sent_representation)

output = Dense(NUM_CLASSES, activation="softmax")(sent_representation)
model = Model(inputs=inputs, outputs=output)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

x_train = pad_sequences(np.load("ag_news_tokens.npy", allow_pickle=True), maxlen=MAX_LEN)
y_train = np.load("ag_news_labels.npy")
model.fit(x_train, y_train, batch_size=64, epochs=5, validation_split=0.1)
