import tensorflow as tf

from model import build_model

VOCAB = 20000
MAXLEN = 200

(x_train, y_train), (x_val, y_val) = tf.keras.datasets.imdb.load_data(num_words=VOCAB)
x_train = tf.keras.utils.pad_sequences(x_train, maxlen=MAXLEN)
x_val = tf.keras.utils.pad_sequences(x_val, maxlen=MAXLEN)

model = build_model(VOCAB, MAXLEN)
model.fit(x_train, y_train, batch_size=32, epochs=2, validation_data=(x_val, y_val))
