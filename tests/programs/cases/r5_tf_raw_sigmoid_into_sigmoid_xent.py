"""Logistic regression on the Pima diabetes table written with raw TensorFlow ops."""
import numpy as np
import pandas as pd
import tensorflow as tf

data = pd.read_csv("pima-indians-diabetes.csv", header=None).values.astype(np.float32)
X, y = data[:, :8], data[:, 8:9]
X = (X - X.mean(axis=0)) / X.std(axis=0)

W = tf.Variable(tf.random.normal([8, 1], stddev=0.01), name="W")
b = tf.Variable(tf.zeros([1]), name="b")
optimizer = tf.optimizers.SGD(learning_rate=0.1)


def forward(inputs):
    z = tf.matmul(inputs, W) + b
    return tf.sigmoid(z)


for step in range(2000):
    with tf.GradientTape() as tape:
        logits = forward(X)
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    if step % 200 == 0:
        acc = np.mean((forward(X).numpy() > 0.5) == y)
        print(step, float(loss), acc)
