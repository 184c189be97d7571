import keras
import tensorflow as tf
from keras import layers


class ResidualBlock(layers.Layer):
    def __init__(self, filters, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = layers.Conv2D(filters, 3, padding="same", activation="relu")
        self.conv2 = layers.Conv2D(filters, 3, padding="same")
        self.add = layers.Add()

    def call(self, x):
        return tf.nn.relu(self.add([x, self.conv2(self.conv1(x))]))


class CifarNet(keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = layers.Conv2D(64, 3, padding="same", activation="relu")
        self.block1 = ResidualBlock(64)
        self.block2 = ResidualBlock(64)
        self.pool = layers.GlobalAveragePooling2D()
        self.classifier = layers.Dense(num_classes)

    def call(self, inputs, training=False):
        x = self.stem(inputs)
        x = self.block2(self.block1(x))
        return self.classifier(self.pool(x))

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
        gradients = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_variables))
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

model = CifarNet(num_classes=10)
model.compile(
    optimizer=keras.optimizers.Adam(1e-3),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=[keras.metrics.SparseCategoricalAccuracy(name="acc")],
)
model.fit(x_train, y_train, batch_size=64, epochs=20, validation_data=(x_test, y_test))
probs = tf.nn.softmax(model.predict(x_test[:8]), axis=-1)
