import pandas as pd
import tensorflow as tf
from tensorflow import keras

df = pd.read_csv("creditcard.csv")
X = df.drop(columns=["Class"]).values.astype("float32")
y = tf.one_hot(df["Class"].values, 2)

norm = keras.layers.Normalization()
norm.adapt(X)

inputs = keras.Input(shape=(X.shape[1],))
h = norm(inputs)
h = keras.layers.Dense(64, activation="relu")(h)
h = keras.layers.Dropout(0.3)(h)
h = keras.layers.Dense(32, activation="relu")(h)
probs = keras.layers.Dense(2, activation="softmax")(h)
model = keras.Model(inputs, probs)
model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(), metrics=[keras.metrics.AUC()])
model.fit(X, y, epochs=10, batch_size=2048, validation_split=0.2)
