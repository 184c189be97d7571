from tensorflow.keras import layers, models


def vgg_like():
    model = models.Sequential()
    model.add(layers.Input(shape=(32, 32, 3)))
    for filters in (32, 64, 128):
        model.add(layers.Conv2D(filters, (3, 3), padding="same", activation="relu"))
        model.add(layers.Conv2D(filters, (3, 3), padding="same", activation="relu"))
        model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Flatten())
    model.add(layers.Dense(256, activation="relu"))
    model.add(layers.Dense(10, activation="sigmoid"))
    return model
