import tensorflow as tf
from tensorflow import keras


class GradAccumModel(keras.Model):
    """keras.Model whose train_step accumulates gradients over `accum_steps` batches."""

    def __init__(self, *args, accum_steps=4, **kwargs):
        super().__init__(*args, **kwargs)
        self.accum_steps = accum_steps
        self._accum = None
        self._seen = tf.Variable(0, trainable=False, dtype=tf.int64)

    def train_step(self, data):
        x, y = data
        if self._accum is None:
            self._accum = [tf.Variable(tf.zeros_like(v), trainable=False) for v in self.trainable_variables]
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x=x, y=y, y_pred=y_pred)
        grads = tape.gradient(loss, self.trainable_variables)
        for acc, g in zip(self._accum, grads):
            acc.assign_add(g / self.accum_steps)
        self._seen.assign_add(1)
        if self._seen % self.accum_steps == 0:
            self.optimizer.apply_gradients(zip(self._accum, self.trainable_variables))
            for acc in self._accum:
                acc.assign(tf.zeros_like(acc))
        return self.compute_metrics(x, y, y_pred, sample_weight=None)
