from tensorflow import keras

import config
from model import build_model

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

model = build_model()
model.compile(
    optimizer=keras.optimizers.AdamW(learning_rate=config.LEARNING_RATE, weight_decay=config.WEIGHT_DECAY),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(x_train, y_train, batch_size=config.BATCH_SIZE, epochs=config.EPOCHS,
          validation_data=(x_test, y_test))
