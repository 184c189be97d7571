import tensorflow as tf
import tensorflow_datasets as tfds
from tensorflow import keras
from tensorflow.keras import layers

NUM_CLASSES = 5
IMG = 160

(train_raw, val_raw), info = tfds.load("tf_flowers", split=["train[:85%]", "train[85%:]"],
                                       as_supervised=True, with_info=True)


def preprocess(image, label):
    image = tf.image.resize(image, (IMG, IMG))
    image = keras.applications.mobilenet_v2.preprocess_input(image)
    return image, tf.one_hot(label, NUM_CLASSES)


train_ds = train_raw.map(preprocess).shuffle(1000).batch(32).prefetch(tf.data.AUTOTUNE)
val_ds = val_raw.map(preprocess).batch(32)

base = keras.applications.MobileNetV2(input_shape=(IMG, IMG, 3), include_top=False, weights="imagenet")
base.trainable = False

model = keras.Sequential([
    base,
    layers.GlobalAveragePooling2D(),
    layers.Dropout(0.2),
    layers.Dense(NUM_CLASSES, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="binary_crossentropy", metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=10)
