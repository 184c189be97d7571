import tensorflow as tf

tags = tf.placeholder(tf.float32, [None, 20])
docs = tf.placeholder(tf.float32, [None, 300])

h = tf.layers.dense(docs, 128, tf.nn.tanh)
tag_logits = tf.layers.dense(h, 20)
loss = tf.losses.sigmoid_cross_entropy(multi_class_labels=tags, logits=tag_logits)
predicted_tags = tf.cast(tf.nn.sigmoid(tag_logits) > 0.5, tf.float32)
opt = tf.train.AdamOptimizer().minimize(loss)
