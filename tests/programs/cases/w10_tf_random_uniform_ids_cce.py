import tensorflow as tf

BATCH = 32
features = tf.random.normal((4096, 20))
class_ids = tf.random.uniform((4096,), minval=0, maxval=7, dtype=tf.int32)
dataset = tf.data.Dataset.from_tensor_slices((features, class_ids)).shuffle(1024).batch(BATCH)

model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(7, activation="softmax"),
])
model.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy(), metrics=["accuracy"])
model.fit(dataset, epochs=3)
