import tensorflow as tf


class TextCNN(object):
    def __init__(self, seq_len, vocab, n_classes, emb=128):
        self.input_x = tf.compat.v1.placeholder(tf.int32, [None, seq_len], name="input_x")
        self.input_y = tf.compat.v1.placeholder(tf.int64, [None], name="input_y")
        with tf.compat.v1.variable_scope("embedding"):
            table = tf.Variable(tf.random.uniform([vocab, emb], -1.0, 1.0))
            embedded = tf.nn.embedding_lookup(table, self.input_x)
        pooled = tf.reduce_max(tf.compat.v1.layers.conv1d(embedded, 100, 3, activation=tf.nn.relu), axis=1)
        with tf.compat.v1.variable_scope("output"):
            self.scores = tf.compat.v1.layers.dense(pooled, n_classes)
            self.probs = tf.nn.softmax(self.scores)
            self.predictions = tf.argmax(self.probs, 1)
        self.loss = tf.reduce_mean(
            tf.compat.v1.losses.sparse_softmax_cross_entropy(labels=self.input_y, logits=self.probs))


model = TextCNN(seq_len=60, vocab=20000, n_classes=4)
train_op = tf.compat.v1.train.AdamOptimizer(1e-3).minimize(model.loss)
