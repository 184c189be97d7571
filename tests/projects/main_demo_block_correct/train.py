from tensorflow import keras

from model import LOSS, build_model

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

model = build_model()
model.compile(optimizer="adam", loss=LOSS, metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, validation_data=(x_test, y_test))
