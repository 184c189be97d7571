"""MNIST lab, training the CNN with a GradientTape loop. The output layer is a softmax, so
sparse_categorical_crossentropy is called with its default from_logits=False (the tensor is
called `logits` but holds probabilities)."""
import numpy as np
import tensorflow as tf
from tqdm import tqdm

mnist = tf.keras.datasets.mnist
(train_images, train_labels), (test_images, test_labels) = mnist.load_data()
train_images = (np.expand_dims(train_images, axis=-1) / 255.).astype(np.float32)
train_labels = train_labels.astype(np.int64)
test_images = (np.expand_dims(test_images, axis=-1) / 255.).astype(np.float32)


def build_cnn_model():
    return tf.keras.Sequential([
        tf.keras.layers.Conv2D(filters=24, kernel_size=(3, 3), activation=tf.nn.relu),
        tf.keras.layers.MaxPool2D(pool_size=(2, 2)),
        tf.keras.layers.Conv2D(filters=36, kernel_size=(3, 3), activation=tf.nn.relu),
        tf.keras.layers.MaxPool2D(pool_size=(2, 2)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(128, activation=tf.nn.relu),
        tf.keras.layers.Dense(10, activation=tf.nn.softmax),
    ])


cnn_model = build_cnn_model()
batch_size = 12
optimizer = tf.keras.optimizers.SGD(learning_rate=1e-2)
history = []

for idx in tqdm(range(0, train_images.shape[0], batch_size)):
    images = tf.convert_to_tensor(train_images[idx:idx + batch_size], dtype=tf.float32)
    labels = train_labels[idx:idx + batch_size]
    with tf.GradientTape() as tape:
        logits = cnn_model(images)
        loss_value = tf.keras.backend.sparse_categorical_crossentropy(labels, logits)
    history.append(loss_value.numpy().mean())
    grads = tape.gradient(loss_value, cnn_model.trainable_variables)
    optimizer.apply_gradients(zip(grads, cnn_model.trainable_variables))
