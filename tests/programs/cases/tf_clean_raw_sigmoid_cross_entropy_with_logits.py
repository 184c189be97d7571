import numpy as np
import tensorflow as tf

data = np.loadtxt("spambase.data", delimiter=",", dtype=np.float32)
X, y = data[:, :-1], data[:, -1:]
X = (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-8)

n_features = X.shape[1]
w = tf.Variable(tf.zeros([n_features, 1]))
b = tf.Variable(tf.zeros([1]))
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)


def logits_fn(inputs):
    return tf.matmul(inputs, w) + b


for step in range(1000):
    with tf.GradientTape() as tape:
        z = logits_fn(X)
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z))
    grads = tape.gradient(loss, [w, b])
    optimizer.apply_gradients(zip(grads, [w, b]))
    if step % 100 == 0:
        pred = tf.cast(tf.sigmoid(z) > 0.5, tf.float32)
        acc = tf.reduce_mean(tf.cast(tf.equal(pred, y), tf.float32))
        print(step, float(loss), float(acc))
