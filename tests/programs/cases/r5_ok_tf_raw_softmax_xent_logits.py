"""Softmax regression on MNIST with raw TensorFlow 2 ops."""
import numpy as np
import tensorflow as tf

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype(np.float32) / 255.0
x_test = x_test.reshape(-1, 784).astype(np.float32) / 255.0
y_train_oh = tf.one_hot(y_train, depth=10)

W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
opt = tf.keras.optimizers.SGD(0.5)
ds = tf.data.Dataset.from_tensor_slices((x_train, y_train_oh)).shuffle(60000).batch(100).repeat(5)


@tf.function
def step(xb, yb):
    with tf.GradientTape() as tape:
        logits = tf.matmul(xb, W) + b
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=yb, logits=logits))
    grads = tape.gradient(loss, [W, b])
    opt.apply_gradients(zip(grads, [W, b]))
    return loss


for i, (xb, yb) in enumerate(ds):
    loss = step(xb, yb)
    if i % 500 == 0:
        print(i, float(loss))

probs = tf.nn.softmax(tf.matmul(x_test, W) + b)
print("test accuracy", np.mean(np.argmax(probs, axis=1) == y_test))
