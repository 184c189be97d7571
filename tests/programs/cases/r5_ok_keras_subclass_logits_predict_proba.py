import tensorflow as tf

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0


class MLP(tf.keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.flatten = tf.keras.layers.Flatten()
        self.d1 = tf.keras.layers.Dense(256, activation="relu")
        self.drop = tf.keras.layers.Dropout(0.2)
        self.d2 = tf.keras.layers.Dense(num_classes)

    def call(self, x, training=False):
        x = self.flatten(x)
        x = self.drop(self.d1(x), training=training)
        return self.d2(x)

    def predict_proba(self, x):
        return tf.nn.softmax(self(x, training=False), axis=-1)


model = MLP()
model.compile(optimizer="adam",
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=[tf.keras.metrics.SparseCategoricalAccuracy()])
model.fit(x_train, y_train, epochs=5, batch_size=64, validation_data=(x_test, y_test))
print(model.predict_proba(x_test[:3]).numpy().round(3))
