import pandas as pd
from sklearn.model_selection import train_test_split
from tensorflow import keras
from tensorflow.keras import layers

df = pd.read_csv("auto-mpg.csv").dropna()
y = df.pop("mpg").values
X = pd.get_dummies(df, columns=["origin"], dtype="float32").values.astype("float32")
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=0)

normalizer = layers.Normalization(axis=-1)
normalizer.adapt(X_train)

model = keras.Sequential([
    normalizer,
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
model.compile(loss="mean_absolute_error", optimizer=keras.optimizers.Adam(0.001), metrics=["acc"])
history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=100, verbose=0)
print(pd.DataFrame(history.history).tail())
