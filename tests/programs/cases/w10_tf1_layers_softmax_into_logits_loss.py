"""A TF1 graph-mode MNIST classifier: the output layer already applies softmax."""
import numpy as np
import tensorflow as tf

N_INPUT, N_HIDDEN, N_CLASSES = 784, 256, 10
LEARNING_RATE = 0.001


def build_graph():
    images = tf.placeholder(tf.float32, [None, N_INPUT], name="images")
    labels = tf.placeholder(tf.float32, [None, N_CLASSES], name="labels")
    with tf.variable_scope("mlp"):
        hidden = tf.layers.dense(images, N_HIDDEN, activation=tf.nn.relu, name="hidden")
        hidden = tf.layers.dropout(hidden, rate=0.2)
        with tf.variable_scope("output") as scope:
            prediction = tf.layers.dense(hidden, N_CLASSES, activation=tf.nn.softmax, name=scope.name)
    cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=prediction))
    train_op = tf.train.AdamOptimizer(LEARNING_RATE).minimize(cost)
    correct = tf.equal(tf.argmax(prediction, 1), tf.argmax(labels, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    return images, labels, train_op, cost, accuracy


images, labels, train_op, cost, accuracy = build_graph()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(2000):
        batch_x, batch_y = mnist.train.next_batch(128)
        _, c = sess.run([train_op, cost], feed_dict={images: batch_x, labels: batch_y})
        if step % 100 == 0:
            print(step, c)
