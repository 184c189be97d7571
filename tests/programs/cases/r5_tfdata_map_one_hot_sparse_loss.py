import tensorflow as tf
from tensorflow import keras

AUTOTUNE = tf.data.AUTOTUNE
BATCH = 128

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()


def augment(image, label):
    image = tf.image.random_flip_left_right(image)
    return image, label


train_ds = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
            .map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, tf.one_hot(tf.squeeze(y), 10)),
                 num_parallel_calls=AUTOTUNE)
            .map(augment, num_parallel_calls=AUTOTUNE)
            .shuffle(10000).batch(BATCH).prefetch(AUTOTUNE))
test_ds = (tf.data.Dataset.from_tensor_slices((x_test, y_test))
           .map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, tf.one_hot(tf.squeeze(y), 10)))
           .batch(BATCH))

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    keras.layers.Conv2D(32, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Dropout(0.25),
    keras.layers.Conv2D(64, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Flatten(),
    keras.layers.Dense(512, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(),
              metrics=["accuracy"])
model.fit(train_ds, validation_data=test_ds, epochs=30)
