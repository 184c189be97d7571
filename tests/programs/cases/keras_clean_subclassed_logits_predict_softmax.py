import numpy as np
import tensorflow as tf


class IntentClassifier(tf.keras.Model):
    def __init__(self, vocab_size, num_intents, embed_dim=128):
        super().__init__()
        self.embedding = tf.keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True)
        self.encoder = tf.keras.layers.Bidirectional(tf.keras.layers.GRU(64))
        self.dropout = tf.keras.layers.Dropout(0.3)
        self.logits = tf.keras.layers.Dense(num_intents)

    def call(self, inputs, training=False):
        x = self.embedding(inputs)
        x = self.encoder(x)
        x = self.dropout(x, training=training)
        return self.logits(x)

    def predict_proba(self, inputs):
        return tf.nn.softmax(self(inputs, training=False), axis=-1)


tokens = np.load("snips_tokens.npy")
intents = np.load("snips_intents.npy")  # integer ids 0..6

model = IntentClassifier(vocab_size=12000, num_intents=7)
model.compile(
    optimizer=tf.keras.optimizers.Adam(1e-3),
    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["sparse_categorical_accuracy"],
)
model.fit(tokens, intents, epochs=10, batch_size=64, validation_split=0.1)
print(model.predict_proba(tokens[:3]))
