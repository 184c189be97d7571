import tensorflow as tf

from data.encoding import encode_targets
from data.loaders import load_digit_splits
from models import build_mlp

NUM_CLASSES = 10

x_train, x_test, y_train, y_test = load_digit_splits()
y_train = encode_targets(y_train, NUM_CLASSES)
y_test = encode_targets(y_test, NUM_CLASSES)

model = build_mlp(x_train.shape[1], NUM_CLASSES)
model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=40, batch_size=64, validation_data=(x_test, y_test))
print("test accuracy:", model.evaluate(x_test, y_test, verbose=0)[1])
