import tensorflow as tf

from layers import MLP

NUM_CLASSES = 10
(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = tf.reshape(tf.cast(x_train, tf.float32) / 255.0, (-1, 784))
x_test = tf.reshape(tf.cast(x_test, tf.float32) / 255.0, (-1, 784))
y_train = tf.one_hot(y_train, NUM_CLASSES)
y_test = tf.one_hot(y_test, NUM_CLASSES)

net = MLP([784, 256, 128, NUM_CLASSES])
optimizer = tf.optimizers.SGD(learning_rate=0.1)
dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60_000).batch(100)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = net(x)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
    grads = tape.gradient(loss, net.trainable_variables)
    optimizer.apply_gradients(zip(grads, net.trainable_variables))
    return loss


for epoch in range(10):
    for x, y in dataset:
        loss = train_step(x, y)
    probs = tf.nn.softmax(net(x_test))
    acc = tf.reduce_mean(tf.cast(tf.argmax(probs, 1) == tf.argmax(y_test, 1), tf.float32))
    print(f"epoch {epoch}: loss {float(loss):.4f} test acc {float(acc):.4f}")
