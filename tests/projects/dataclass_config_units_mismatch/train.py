from tensorflow import keras

from config import TrainConfig
from model import build_model

cfg = TrainConfig()
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

model = build_model(cfg)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=cfg.batch_size, epochs=cfg.epochs, validation_data=(x_test, y_test))
