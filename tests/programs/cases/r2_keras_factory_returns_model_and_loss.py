import tensorflow as tf


def get_model_and_loss(num_classes, input_shape=(64, 64, 3)):
    model = tf.keras.Sequential([
        tf.keras.layers.Input(shape=input_shape),
        tf.keras.layers.Rescaling(1.0 / 255),
        tf.keras.layers.Conv2D(32, 3, activation="relu"),
        tf.keras.layers.MaxPooling2D(),
        tf.keras.layers.Conv2D(64, 3, activation="relu"),
        tf.keras.layers.MaxPooling2D(),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(128, activation="relu"),
        tf.keras.layers.Dense(num_classes, activation="softmax"),
    ])
    loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    return model, loss


train_ds = tf.keras.utils.image_dataset_from_directory("eurosat/train", image_size=(64, 64), batch_size=64)
val_ds = tf.keras.utils.image_dataset_from_directory("eurosat/val", image_size=(64, 64), batch_size=64)

model, loss = get_model_and_loss(num_classes=10)
model.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss=loss, metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=15)
