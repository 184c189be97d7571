import tensorflow as tf

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()

train_ds = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
            .map(lambda x, y: (tf.cast(x, tf.float32) / 255, y))
            .shuffle(10_000)
            .batch(128)
            .prefetch(tf.data.AUTOTUNE))
test_ds = (tf.data.Dataset.from_tensor_slices((x_test, y_test))
           .map(lambda x, y: (tf.cast(x, tf.float32) / 255, y))
           .batch(128))

model = tf.keras.models.Sequential([
    tf.keras.layers.Input((28, 28)),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(10),
])
model.compile(optimizer=tf.keras.optimizers.Adam(0.001),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=[tf.keras.metrics.SparseCategoricalAccuracy()])
model.fit(train_ds, epochs=6, validation_data=test_ds)
