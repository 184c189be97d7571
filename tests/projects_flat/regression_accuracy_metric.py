import keras
from keras import layers


def build_price_model(n_features=8):
    return keras.Sequential([
        keras.Input(shape=(n_features,)),
        layers.Normalization(),
        layers.Dense(128, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),
    ])


(x_train, y_train), (x_test, y_test) = keras.datasets.california_housing.load_data(version="small")

model = build_price_model(x_train.shape[1])
model.layers[0].adapt(x_train)
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=60, batch_size=32, validation_split=0.2)
model.evaluate(x_test, y_test)
