# Fashion-MNIST, the way the course builds it: 10 classes -> 10 softmax units
import tensorflow as tf

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
normalized_x_train = x_train / 255.0
normalized_x_test = x_test / 255.0

exercise_model = tf.keras.models.Sequential([
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(units=512, activation=tf.keras.activations.relu),
    tf.keras.layers.Dense(units=10, activation=tf.keras.activations.softmax),
])

exercise_model.compile(optimizer=tf.keras.optimizers.Adam(),
                       loss=tf.keras.losses.SparseCategoricalCrossentropy(),
                       metrics=["accuracy"])

exercise_model.fit(normalized_x_train, y_train, epochs=5)
print(exercise_model.evaluate(normalized_x_test, y_test))
