from tensorflow import keras

from data.prepare import load_dataset
from model import build_mlp

(x_train, y_train), (x_val, y_val), (x_test, y_test) = load_dataset()

model = build_mlp()
model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
callbacks = [keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)]
history = model.fit(x_train, y_train, epochs=30, batch_size=256, validation_data=(x_val, y_val), callbacks=callbacks)
print(model.evaluate(x_test, y_test))
