import keras
from keras import layers

inputs = keras.Input(shape=(32, 32, 3), name="image")
x = layers.Rescaling(1.0 / 255)(inputs)
x = layers.Conv2D(32, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
label = layers.Dense(10, activation="softmax", name="label")(x)
model = keras.Model(inputs=inputs, outputs={"label": label})
model.compile(optimizer="adam", loss={"label": "sparse_categorical_crossentropy"}, metrics={"label": ["accuracy"]})

(x_train, y_train), _ = keras.datasets.cifar10.load_data()
model.fit({"image": x_train}, {"label": y_train}, epochs=3)
