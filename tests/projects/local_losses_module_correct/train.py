import numpy as np
from tensorflow import keras

from losses import categorical_crossentropy
from model import get_model

(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = np.expand_dims(x_train, -1).astype("float32") / 255.0
y_train = keras.utils.to_categorical(y_train, 10)

model = get_model()
model.compile(optimizer="adam", loss=categorical_crossentropy, metrics=[keras.metrics.CategoricalAccuracy()])
model.fit(x_train, y_train, batch_size=128, epochs=5)
