from tensorflow import keras

from config import *
from model import build_model

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = keras.applications.mobilenet_v2.preprocess_input(x_train.astype("float32"))
x_test = keras.applications.mobilenet_v2.preprocess_input(x_test.astype("float32"))
y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)
y_test = keras.utils.to_categorical(y_test, NUM_CLASSES)

model = build_model()
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=EPOCHS, validation_data=(x_test, y_test))
