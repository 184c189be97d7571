import tensorflow as tf
from tensorflow import keras


class ModelFactory:
    def __init__(self, input_shape=(28, 28), num_classes=10, dropout=0.2):
        self.input_shape = input_shape
        self.num_classes = num_classes
        self.dropout = dropout

    def build(self):
        inputs = keras.Input(shape=self.input_shape)
        x = keras.layers.Flatten()(inputs)
        x = keras.layers.Dense(256, activation="relu")(x)
        x = keras.layers.Dropout(self.dropout)(x)
        x = keras.layers.Dense(128, activation="relu")(x)
        outputs = keras.layers.Dense(self.num_classes, activation="softmax")(x)
        return keras.Model(inputs, outputs, name="fashion_mlp")


(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

model = ModelFactory().build()
model.compile(
    optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
    loss=tf.keras.losses.categorical_crossentropy,
    metrics=["accuracy"],
)
model.fit(x_train, y_train, epochs=20, batch_size=128, validation_data=(x_test, y_test))
