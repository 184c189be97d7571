from data.prep import load_cifar10
from model import vgg_like

(x_train, y_train), (x_test, y_test) = load_cifar10()
model = vgg_like()
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=30, batch_size=64, validation_data=(x_test, y_test))
