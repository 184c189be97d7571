import tensorflow as tf

IMG_SIZE = (224, 224)
train_ds = tf.keras.utils.image_dataset_from_directory("xray/train", image_size=IMG_SIZE, label_mode="binary")
train_ds = train_ds.map(lambda x, y: (tf.keras.applications.densenet.preprocess_input(x), y))

model = tf.keras.applications.DenseNet121(weights=None, input_shape=IMG_SIZE + (3,), classes=1)
model.compile(optimizer=tf.keras.optimizers.Adam(1e-4), loss="binary_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=10)
