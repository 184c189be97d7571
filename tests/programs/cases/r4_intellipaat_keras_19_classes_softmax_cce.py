"""19-class text classifier, fixed: one label per document -> softmax + categorical cross-entropy,
so Keras' "accuracy" is categorical accuracy and agrees with the argmax check."""
import numpy as np
from keras.models import Sequential
from keras.layers import Embedding, LSTM, Dropout, BatchNormalization, Dense
from keras.utils import np_utils

nb_classes = 19
nb_words = 50000
EMBEDDING_DIM = 300
MAX_SEQUENCE_LENGTH = 120

train_data = np.load("train_seq.npy")
val_data = np.load("val_seq.npy")
train_labels = np.load("train_labels.npy")
val_labels = np.load("val_labels.npy")
embedding_matrix = np.load("embeddings.npy")

clf = Sequential()
clf.add(Embedding(nb_words, EMBEDDING_DIM, weights=[embedding_matrix],
                  input_length=MAX_SEQUENCE_LENGTH, trainable=False))
clf.add(LSTM(175, dropout=0.25, recurrent_dropout=0.25))
clf.add(Dropout(0.3))
clf.add(BatchNormalization())
clf.add(Dense(128, activation="relu"))
clf.add(Dropout(0.3))
clf.add(BatchNormalization())
clf.add(Dense(nb_classes, activation="softmax"))

clf.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])

ytrain_enc = np_utils.to_categorical(train_labels, nb_classes)
yval_enc = np_utils.to_categorical(val_labels, nb_classes)

clf.fit(train_data, ytrain_enc, validation_data=(val_data, yval_enc),
        epochs=200, batch_size=384, shuffle=True, verbose=1)
