import keras
from keras import layers


def build_churn_model(n_features, hidden_units=(64, 32), dropout=0.2):
    inputs = keras.Input(shape=(n_features,), name="features")
    x = layers.Normalization(name="scaler")(inputs)
    for i, units in enumerate(hidden_units):
        x = layers.Dense(units, activation="relu", name=f"dense_{i}")(x)
        x = layers.Dropout(dropout)(x)
    outputs = layers.Dense(1, activation="sigmoid", name="churn")(x)
    return keras.Model(inputs=inputs, outputs=outputs, name="churn_mlp")
