# Click-through model in TF1: fully_connected applies relu unless told otherwise
import tensorflow as tf
from tensorflow.contrib import layers

features = tf.placeholder(tf.float32, shape=[None, 40])
clicked = tf.placeholder(tf.float32, shape=[None, 1])

net = layers.fully_connected(features, 64)
net = layers.fully_connected(net, 32)
click_prob = layers.fully_connected(net, 1)

loss = tf.compat.v1.losses.log_loss(labels=clicked, predictions=click_prob)
optimizer = tf.compat.v1.train.AdagradOptimizer(0.05)
train_step = optimizer.minimize(loss)
