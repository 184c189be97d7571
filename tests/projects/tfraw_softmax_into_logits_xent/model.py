import tensorflow as tf


def init_params(n_features, n_hidden, n_classes, seed=0):
    init = tf.initializers.GlorotUniform(seed=seed)
    return {
        "w1": tf.Variable(init([n_features, n_hidden]), name="w1"),
        "b1": tf.Variable(tf.zeros([n_hidden]), name="b1"),
        "w2": tf.Variable(init([n_hidden, n_classes]), name="w2"),
        "b2": tf.Variable(tf.zeros([n_classes]), name="b2"),
    }


def forward(params, x):
    h = tf.nn.relu(tf.matmul(x, params["w1"]) + params["b1"])
    z = tf.matmul(h, params["w2"]) + params["b2"]
    return tf.nn.softmax(z)
