"""from_logits=True with a linear head; label smoothing on one-hot targets; a separate softmax
wrapper built after training, only for predictions."""
import tensorflow as tf
from tensorflow import keras

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
y_train_oh = keras.utils.to_categorical(y_train, 10)
y_test_oh = keras.utils.to_categorical(y_test, 10)

inputs = keras.Input(shape=(32, 32, 3))
z = keras.layers.Conv2D(32, 3, activation="relu")(inputs)
z = keras.layers.MaxPooling2D()(z)
z = keras.layers.Conv2D(64, 3, activation="relu")(z)
z = keras.layers.Flatten()(z)
z = keras.layers.Dense(64, activation="relu")(z)
logits = keras.layers.Dense(10)(z)
model = keras.Model(inputs, logits)

model.compile(optimizer="adam",
              loss=keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1),
              metrics=[keras.metrics.CategoricalAccuracy()])
model.fit(x_train, y_train_oh, epochs=10, validation_data=(x_test, y_test_oh))

probability_model = keras.Sequential([model, keras.layers.Softmax()])
print(probability_model.predict(x_test[:3]))
