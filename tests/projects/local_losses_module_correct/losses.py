"""Project losses. The model outputs logits, so every loss here takes logits."""
import tensorflow as tf


def categorical_crossentropy(y_true, logits):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_true, logits=logits))


def label_smoothed(eps=0.1):
    def loss(y_true, logits):
        n = tf.cast(tf.shape(y_true)[-1], tf.float32)
        smoothed = y_true * (1.0 - eps) + eps / n
        return categorical_crossentropy(smoothed, logits)
    return loss
