"""Penguin species classifier from the Palmer penguins CSV."""
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder, StandardScaler
from tensorflow import keras

df = pd.read_csv("penguins.csv").dropna()
features = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
X = df[features].values
encoder = LabelEncoder()
y = encoder.fit_transform(df["species"])

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=7)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)

LOSS = "categorical_crossentropy"

model = keras.models.Sequential([
    keras.layers.Input(shape=(4,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss=LOSS, metrics=["accuracy"])
model.fit(X_train, y_train, epochs=100, batch_size=16, validation_data=(X_test, y_test),
          callbacks=[keras.callbacks.EarlyStopping(patience=10, restore_best_weights=True)])
print(encoder.inverse_transform(model.predict(X_test[:5]).argmax(axis=1)))
