import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

VOCAB = 20000
MAXLEN = 200

(x_train, y_train), (x_val, y_val) = keras.datasets.imdb.load_data(num_words=VOCAB)
x_train = keras.utils.pad_sequences(x_train, maxlen=MAXLEN)
x_val = keras.utils.pad_sequences(x_val, maxlen=MAXLEN)


class SentimentTransformer(keras.Model):
    def __init__(self, embed_dim=32, num_heads=2, ff_dim=32):
        super().__init__()
        self.token_emb = layers.Embedding(VOCAB, embed_dim)
        self.pos_emb = layers.Embedding(MAXLEN, embed_dim)
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.ffn = keras.Sequential([layers.Dense(ff_dim, activation="relu"), layers.Dense(embed_dim)])
        self.norm1 = layers.LayerNormalization(epsilon=1e-6)
        self.norm2 = layers.LayerNormalization(epsilon=1e-6)
        self.pool = layers.GlobalAveragePooling1D()
        self.dropout = layers.Dropout(0.1)
        self.classifier = layers.Dense(1)

    def call(self, tokens, training=False):
        positions = tf.range(start=0, limit=tf.shape(tokens)[-1], delta=1)
        x = self.token_emb(tokens) + self.pos_emb(positions)
        x = self.norm1(x + self.att(x, x, training=training))
        x = self.norm2(x + self.ffn(x))
        x = self.dropout(self.pool(x), training=training)
        return tf.nn.softmax(self.classifier(x))


model = SentimentTransformer()
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=2, validation_data=(x_val, y_val))
