from tensorflow import keras


def build_regressor(n_features, hidden_units=(64, 64), l2=1e-4):
    reg = keras.regularizers.l2(l2)
    model = keras.Sequential(name="price_regressor")
    model.add(keras.layers.Input(shape=(n_features,)))
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation="relu", kernel_regularizer=reg))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    return model
