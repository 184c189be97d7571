# Spam / ham with an eager GradientTape loop: the op that computes the cross-entropy gets the raw
# scores; tf.nn.softmax is used only to read probabilities after training.
import numpy as np
import tensorflow as tf

data = np.load("sms_spam_ids.npz")
x_train, y_train = data["x"], data["y"]
vocab_size = int(x_train.max()) + 1

embedding = tf.keras.layers.Embedding(vocab_size, 50)
rnn = tf.keras.layers.SimpleRNN(10)
W = tf.Variable(tf.random.truncated_normal([10, 2], stddev=0.1))
b = tf.Variable(tf.zeros([2]))
optimizer = tf.keras.optimizers.RMSprop(5e-4)


def scores(tokens):
    return tf.matmul(rnn(embedding(tokens)), W) + b


scores(x_train[:1])   # builds the layers so their weights exist
variables = embedding.trainable_variables + rnn.trainable_variables + [W, b]

ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(6000).batch(250)
for epoch in range(20):
    for tokens, labels in ds:
        with tf.GradientTape() as tape:
            z = scores(tokens)
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
                labels=tf.one_hot(labels, 2), logits=z))
        grads = tape.gradient(loss, variables)
        optimizer.apply_gradients(zip(grads, variables))

probs = tf.nn.softmax(scores(x_train[:5]), axis=-1)
print(probs.numpy())
