# RNN spam / ham prediction on the SMS collection, graph-mode TensorFlow (tf.compat.v1).
import numpy as np
import tensorflow as tf

tf.compat.v1.disable_eager_execution()

epochs = 20
batch_size = 250
max_sequence_length = 25
rnn_size = 10
embedding_size = 50
learning_rate = 0.0005
dropout_keep_prob = tf.compat.v1.placeholder(tf.float32)

data = np.load("sms_spam_ids.npz")
x_train, y_train = data["x"], data["y"]          # token ids (n, 25), labels 0 = ham, 1 = spam
vocab_size = int(x_train.max()) + 1

x_data = tf.compat.v1.placeholder(tf.int32, [None, max_sequence_length])
y_output = tf.compat.v1.placeholder(tf.int32, [None])

embedding_mat = tf.Variable(tf.random.uniform([vocab_size, embedding_size], -1.0, 1.0))
embedding_output = tf.nn.embedding_lookup(embedding_mat, x_data)

cell = tf.compat.v1.nn.rnn_cell.BasicRNNCell(num_units=rnn_size)
output, state = tf.compat.v1.nn.dynamic_rnn(cell, embedding_output, dtype=tf.float32)
output = tf.nn.dropout(output, rate=1 - dropout_keep_prob)

output = tf.transpose(output, [1, 0, 2])
last = tf.gather(output, int(output.get_shape()[0]) - 1)

weight = tf.Variable(tf.random.truncated_normal([rnn_size, 2], stddev=0.1))
bias = tf.Variable(tf.constant(0.1, shape=[2]))
logits_out = tf.nn.softmax(tf.matmul(last, weight) + bias)

losses = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logits_out, labels=y_output)
loss = tf.reduce_mean(losses)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits_out, 1), tf.cast(y_output, tf.int64)), tf.float32))

optimizer = tf.compat.v1.train.RMSPropOptimizer(learning_rate)
train_step = optimizer.minimize(loss)

with tf.compat.v1.Session() as sess:
    sess.run(tf.compat.v1.global_variables_initializer())
    for epoch in range(epochs):
        order = np.random.permutation(len(x_train))
        for i in range(len(x_train) // batch_size):
            idx = order[i * batch_size:(i + 1) * batch_size]
            sess.run(train_step, feed_dict={x_data: x_train[idx], y_output: y_train[idx],
                                            dropout_keep_prob: 0.5})
        print(epoch, sess.run([loss, accuracy], feed_dict={x_data: x_train, y_output: y_train,
                                                           dropout_keep_prob: 1.0}))
