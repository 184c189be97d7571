from data import load_images
from model import make_cnn

(x_train, y_train), (x_test, y_test) = load_images()

model = make_cnn()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=64, epochs=25, validation_data=(x_test, y_test), shuffle=True)
model.save("cifar10_cnn.keras")
