import tensorflow as tf


def encode_targets(labels, depth):
    """One-hot encode integer digit labels for the softmax/sigmoid head."""
    return tf.one_hot(labels, depth=depth)


def decode_predictions(probs):
    return tf.argmax(probs, axis=-1)
