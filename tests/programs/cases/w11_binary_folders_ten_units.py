from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras import layers, Sequential

flow = ImageDataGenerator(rescale=1.0 / 255, horizontal_flip=True).flow_from_directory(
    "data/hotdog_or_not/train", target_size=(150, 150), batch_size=20, class_mode="binary")

cnn = Sequential([
    layers.Conv2D(16, 3, activation="relu", input_shape=(150, 150, 3)),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
cnn.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["acc"])
cnn.fit(flow, epochs=15)
