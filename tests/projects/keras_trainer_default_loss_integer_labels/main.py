from tensorflow import keras

from model import build_model
from trainer import train

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar100.load_data(label_mode="fine")
model = build_model()
history = train(model, x_train, y_train, epochs=40)
print(model.evaluate(x_test, y_test))
