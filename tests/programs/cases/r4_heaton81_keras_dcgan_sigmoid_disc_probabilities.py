"""DCGAN discriminator loss after the fix: the discriminator ends in a sigmoid, so the binary
cross-entropy takes probabilities (from_logits left at False)."""
import tensorflow as tf
from tensorflow.keras import layers

NOISE_DIM = 100
(train_images, _), (_, _) = tf.keras.datasets.mnist.load_data()
train_images = (train_images.reshape(-1, 28, 28, 1).astype("float32") - 127.5) / 127.5
dataset = tf.data.Dataset.from_tensor_slices(train_images).shuffle(60000).batch(256)

generator = tf.keras.Sequential([
    layers.Dense(7 * 7 * 128, input_shape=(NOISE_DIM,)), layers.LeakyReLU(),
    layers.Reshape((7, 7, 128)),
    layers.Conv2DTranspose(64, 5, strides=2, padding="same"), layers.LeakyReLU(),
    layers.Conv2DTranspose(1, 5, strides=2, padding="same", activation="tanh"),
])
discriminator = tf.keras.Sequential([
    layers.Conv2D(64, 5, strides=2, padding="same", input_shape=(28, 28, 1)), layers.LeakyReLU(),
    layers.Conv2D(128, 5, strides=2, padding="same"), layers.LeakyReLU(),
    layers.Flatten(),
    layers.Dense(1, activation="sigmoid"),
])
cross_entropy = tf.keras.losses.BinaryCrossentropy()
g_opt, d_opt = tf.keras.optimizers.Adam(1e-4), tf.keras.optimizers.Adam(1e-4)


@tf.function
def train_step(images):
    noise = tf.random.normal([tf.shape(images)[0], NOISE_DIM])
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = generator(noise, training=True)
        real_out = discriminator(images, training=True)
        fake_out = discriminator(fake, training=True)
        g_loss = cross_entropy(tf.ones_like(fake_out), fake_out)
        d_loss = (cross_entropy(tf.ones_like(real_out), real_out)
                  + cross_entropy(tf.zeros_like(fake_out), fake_out))
    g_opt.apply_gradients(zip(g_tape.gradient(g_loss, generator.trainable_variables),
                              generator.trainable_variables))
    d_opt.apply_gradients(zip(d_tape.gradient(d_loss, discriminator.trainable_variables),
                              discriminator.trainable_variables))


for epoch in range(50):
    for batch in dataset:
        train_step(batch)
