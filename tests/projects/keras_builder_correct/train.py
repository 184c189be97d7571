from tensorflow import keras

from model import build_model

(train_images, train_labels), (test_images, test_labels) = keras.datasets.cifar10.load_data()
train_labels = keras.utils.to_categorical(train_labels, 10)
test_labels = keras.utils.to_categorical(test_labels, 10)

model = build_model()
history = model.fit(train_images, train_labels, epochs=10, validation_data=(test_images, test_labels))
test_loss, test_acc = model.evaluate(test_images, test_labels, verbose=2)
