import tensorflow as tf
from tensorflow import keras


class SmallCNN(keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = keras.layers.Conv2D(32, 3, activation="relu")
        self.pool = keras.layers.MaxPooling2D()
        self.conv2 = keras.layers.Conv2D(64, 3, activation="relu")
        self.flatten = keras.layers.Flatten()
        self.dense = keras.layers.Dense(128, activation="relu")
        self.classifier = keras.layers.Dense(num_classes)

    def call(self, inputs, training=False):
        x = self.pool(self.conv1(inputs))
        x = self.pool(self.conv2(x))
        x = self.dense(self.flatten(x))
        return keras.activations.sigmoid(self.classifier(x))


(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train, x_test = x_train.astype("float32") / 255.0, x_test.astype("float32") / 255.0
y_train = keras.utils.to_categorical(y_train, 10)
y_test = keras.utils.to_categorical(y_test, 10)

model = SmallCNN()
model.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy(), metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=64, validation_data=(x_test, y_test))
