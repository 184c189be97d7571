"""19-class text classifier: model.evaluate says 98% accuracy, argmax of predict says 83%."""
import numpy as np
from keras.models import Sequential
from keras.layers import Embedding, LSTM, Dropout, BatchNormalization, Dense
from keras.utils import np_utils

nb_classes = 19
nb_words = 50000
EMBEDDING_DIM = 300
MAX_SEQUENCE_LENGTH = 120
num_lstm, num_dense = 175, 128
rate_drop_lstm, rate_drop_dense = 0.25, 0.3
act = "relu"

train_data = np.load("train_seq.npy")
val_data = np.load("val_seq.npy")
train_labels = np.load("train_labels.npy")
val_labels = np.load("val_labels.npy")
embedding_matrix = np.load("embeddings.npy")

clf = Sequential()
clf.add(Embedding(nb_words, EMBEDDING_DIM, weights=[embedding_matrix],
                  input_length=MAX_SEQUENCE_LENGTH, trainable=False))
clf.add(LSTM(num_lstm, dropout=rate_drop_lstm, recurrent_dropout=rate_drop_lstm))
clf.add(Dropout(rate_drop_dense))
clf.add(BatchNormalization())
clf.add(Dense(num_dense, activation=act))
clf.add(Dropout(rate_drop_dense))
clf.add(BatchNormalization())
clf.add(Dense(nb_classes, activation="sigmoid"))

clf.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

# one-hot encode the single label of each document
ytrain_enc = np_utils.to_categorical(train_labels, nb_classes)
yval_enc = np_utils.to_categorical(val_labels, nb_classes)

clf.fit(train_data, ytrain_enc, validation_data=(val_data, yval_enc),
        epochs=200, batch_size=384, shuffle=True, verbose=1)

manual = np.mean(np.argmax(clf.predict(val_data), axis=1) == val_labels)
print("manual accuracy", manual)
