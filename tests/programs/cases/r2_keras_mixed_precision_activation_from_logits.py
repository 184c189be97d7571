import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers, mixed_precision

mixed_precision.set_global_policy("mixed_float16")

train_ds = keras.utils.image_dataset_from_directory("food101/train", image_size=(224, 224), batch_size=64)
val_ds = keras.utils.image_dataset_from_directory("food101/val", image_size=(224, 224), batch_size=64)

base = keras.applications.EfficientNetV2B0(include_top=False, weights="imagenet", input_shape=(224, 224, 3))
base.trainable = False

inputs = keras.Input(shape=(224, 224, 3))
x = base(inputs, training=False)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(101, name="dense_logits")(x)
# keep the final activation in float32 for numeric stability under mixed precision
outputs = layers.Activation("softmax", dtype="float32", name="predictions")(x)
model = keras.Model(inputs, outputs)

model.compile(
    optimizer=keras.optimizers.Adam(1e-3),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
model.fit(train_ds, validation_data=val_ds, epochs=5,
          callbacks=[keras.callbacks.ModelCheckpoint("food101_head.keras", save_best_only=True)])
