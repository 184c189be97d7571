import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers

WINDOW = 48
df = pd.read_csv("household_power_consumption.csv", parse_dates=["datetime"]).set_index("datetime")
series = df["global_active_power"].resample("h").mean().interpolate().values.astype("float32")
mean, std = series[:20000].mean(), series[:20000].std()
series = (series - mean) / std

X = np.stack([series[i:i + WINDOW] for i in range(len(series) - WINDOW)])[..., None]
y = series[WINDOW:]
split = int(0.8 * len(X))


def build_forecaster():
    model = keras.Sequential([
        layers.Input(shape=(WINDOW, 1)),
        layers.Conv1D(32, 5, padding="causal", activation="relu"),
        layers.Bidirectional(layers.LSTM(64, return_sequences=True)),
        layers.Bidirectional(layers.LSTM(32)),
        layers.Dense(16, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss=keras.losses.Huber(delta=1.0),
                  metrics=["accuracy"])
    return model


callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=8, restore_best_weights=True),
    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=3),
    keras.callbacks.ModelCheckpoint("forecaster.keras", save_best_only=True),
]
model = build_forecaster()
model.fit(X[:split], y[:split], validation_data=(X[split:], y[split:]), epochs=100, batch_size=64, callbacks=callbacks)
