import tensorflow as tf

from data.mnist import load
from models.net import Net

(x_train, y_train), (x_test, y_test) = load()

model = Net(num_classes=10)
model.compile(optimizer=tf.keras.optimizers.Adam(), loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=32)
model.evaluate(x_test, y_test, verbose=2)
