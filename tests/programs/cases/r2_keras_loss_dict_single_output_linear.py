import pandas as pd
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

df = pd.read_csv("bank_marketing.csv")
y = (df.pop("y") == "yes").astype("float32").values
X = df.select_dtypes("number").values.astype("float32")

norm = layers.Normalization()
norm.adapt(X)

inputs = keras.Input(shape=(X.shape[1],), name="features")
x = norm(inputs)
x = layers.Dense(64, activation="relu")(x)
x = layers.Dropout(0.3)(x)
x = layers.Dense(32, activation="relu")(x)
subscribed = layers.Dense(1, name="subscribed")(x)
model = keras.Model(inputs=inputs, outputs=subscribed)

model.compile(
    optimizer=keras.optimizers.Adam(1e-3),
    loss={"subscribed": keras.losses.BinaryCrossentropy()},
    metrics={"subscribed": [keras.metrics.AUC(name="auc"), "accuracy"]},
)
early = keras.callbacks.EarlyStopping(monitor="val_auc", mode="max", patience=5, restore_best_weights=True)
model.fit({"features": X}, {"subscribed": y}, validation_split=0.2, epochs=100, batch_size=256, callbacks=[early])
