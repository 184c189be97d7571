import tensorflow as tf

from model import forward, init_params

(x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
y_train = tf.one_hot(y_train, depth=10)
dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(10000).batch(128)

params = init_params(784, 256, 10)
variables = list(params.values())
optimizer = tf.optimizers.SGD(learning_rate=0.1)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        probs = forward(params, x)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=probs))
    grads = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(grads, variables))
    return loss


for epoch in range(10):
    for x, y in dataset:
        loss = train_step(x, y)
    print(epoch, float(loss))
