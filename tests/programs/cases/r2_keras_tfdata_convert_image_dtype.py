import tensorflow as tf

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
AUTOTUNE = tf.data.AUTOTUNE


def preprocess(image, label):
    image = tf.image.convert_image_dtype(image, tf.float32)  # uint8 0..255 -> float 0..1
    return image, label


def augment(image, label):
    image = tf.image.random_flip_left_right(image)
    image = tf.image.random_brightness(image, max_delta=0.1)
    return tf.clip_by_value(image, 0.0, 1.0), label


train_ds = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
            .map(preprocess, num_parallel_calls=AUTOTUNE)
            .map(augment, num_parallel_calls=AUTOTUNE)
            .shuffle(10000).batch(128).prefetch(AUTOTUNE))
test_ds = tf.data.Dataset.from_tensor_slices((x_test, y_test)).map(preprocess).batch(256)

model = tf.keras.applications.ResNet50V2(weights=None, input_shape=(32, 32, 3), classes=10,
                                         classifier_activation=None)
model.compile(optimizer=tf.keras.optimizers.Adam(1e-3),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(train_ds, epochs=30, validation_data=test_ds)
