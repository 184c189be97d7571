from tensorflow import keras


def train(model, x, y, loss="categorical_crossentropy", epochs=20, batch_size=64, lr=1e-3):
    model.compile(optimizer=keras.optimizers.Adam(lr), loss=loss, metrics=["accuracy"])
    early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=4, restore_best_weights=True)
    return model.fit(x, y, validation_split=0.15, epochs=epochs, batch_size=batch_size, callbacks=[early])
