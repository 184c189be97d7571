# Transfer learning with a pretrained MobileNetV2, cats vs dogs.
# "You don't need an activation function here because this prediction will be treated as a logit"
import tensorflow as tf

IMG_SIZE = 160
train_ds = tf.keras.utils.image_dataset_from_directory(
    "cats_and_dogs/train", image_size=(IMG_SIZE, IMG_SIZE), batch_size=32, label_mode="binary")
preprocess = tf.keras.applications.mobilenet_v2.preprocess_input

base_model = tf.keras.applications.MobileNetV2(input_shape=(IMG_SIZE, IMG_SIZE, 3),
                                               include_top=False, weights="imagenet")
base_model.trainable = False

inputs = tf.keras.Input(shape=(IMG_SIZE, IMG_SIZE, 3))
x = preprocess(inputs)
x = base_model(x, training=False)
x = tf.keras.layers.GlobalAveragePooling2D()(x)
prediction_layer = tf.keras.layers.Dense(1)
outputs = prediction_layer(x)
model = tf.keras.Model(inputs, outputs)

model.compile(optimizer=tf.keras.optimizers.RMSprop(learning_rate=1e-4),
              loss="binary_crossentropy",
              metrics=["accuracy"])
model.fit(train_ds, epochs=10)
