# Wine quality as "ordinal" classification: one output that should land near the right grade.
import pandas as pd
import tensorflow as tf
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

wine = pd.read_csv("winequality-red.csv", sep=";")
X = StandardScaler().fit_transform(wine.drop(columns="quality").values)
y = (wine["quality"] - wine["quality"].min()).values

X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=3)

inp = tf.keras.Input(shape=(X.shape[1],))
h = tf.keras.layers.Dense(64, activation="relu")(inp)
h = tf.keras.layers.Dropout(0.3)(h)
h = tf.keras.layers.Dense(32, activation="relu")(h)
out = tf.keras.layers.Dense(1)(h)
model = tf.keras.Model(inp, out)

model.compile(optimizer=tf.keras.optimizers.Adam(3e-4),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["sparse_categorical_accuracy"])
model.fit(X_tr, y_tr, validation_data=(X_te, y_te), epochs=200, batch_size=32, verbose=2)
