import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class TaggingModel(keras.Model):
    """Functional model with a hand-written train_step (gradient clipping)."""

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x=x, y=y, y_pred=y_pred)
        grads = tape.gradient(loss, self.trainable_variables)
        grads, _ = tf.clip_by_global_norm(grads, 5.0)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


def build_tagger(vocab_size, num_tags, seq_len=200, embed_dim=128):
    inputs = keras.Input(shape=(seq_len,), dtype="int32")
    x = layers.Embedding(vocab_size, embed_dim, mask_zero=True)(inputs)
    x = layers.Bidirectional(layers.LSTM(64))(x)
    x = layers.Dense(128, activation="relu")(x)
    outputs = layers.Dense(num_tags, activation="softmax")(x)
    return TaggingModel(inputs, outputs, name="tagger")
