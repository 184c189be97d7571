import numpy as np
import tensorflow as tf

(x_train, y_train), _ = tf.keras.datasets.fashion_mnist.load_data()
x_train = (x_train.reshape(-1, 784) / 255.0).astype(np.float32)
y_train = tf.one_hot(y_train, depth=10)

W1 = tf.Variable(tf.random.truncated_normal([784, 256], stddev=0.1))
b1 = tf.Variable(tf.zeros([256]))
W2 = tf.Variable(tf.random.truncated_normal([256, 10], stddev=0.1))
b2 = tf.Variable(tf.zeros([10]))
optimizer = tf.optimizers.SGD(learning_rate=0.5)


def forward(x):
    hidden = tf.nn.relu(tf.matmul(x, W1) + b1)
    return tf.nn.softmax(tf.matmul(hidden, W2) + b2)


dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000).batch(100)
for epoch in range(10):
    for xb, yb in dataset:
        with tf.GradientTape() as tape:
            y_pred = forward(xb)
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=yb, logits=y_pred))
        grads = tape.gradient(loss, [W1, b1, W2, b2])
        optimizer.apply_gradients(zip(grads, [W1, b1, W2, b2]))
    print(epoch, float(loss))
