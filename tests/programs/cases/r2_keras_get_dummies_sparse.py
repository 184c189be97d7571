import pandas as pd
from sklearn.model_selection import train_test_split
from tensorflow import keras
from tensorflow.keras import layers

df = pd.read_csv("penguins.csv").dropna()
features = df[["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]].values.astype("float32")
labels = pd.get_dummies(df["species"]).values.astype("float32")   # Adelie / Chinstrap / Gentoo
X_train, X_test, y_train, y_test = train_test_split(features, labels, test_size=0.25, random_state=42)

norm = layers.Normalization()
norm.adapt(X_train)
model = keras.Sequential([
    keras.Input(shape=(4,)),
    norm,
    layers.Dense(16, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=100, batch_size=16, validation_data=(X_test, y_test))
