import numpy as np
import pandas as pd
from sklearn.preprocessing import LabelEncoder, StandardScaler
from tensorflow import keras
from tensorflow.keras import layers

df = pd.read_csv("music_genre_features.csv")
encoder = LabelEncoder()
y = encoder.fit_transform(df["genre"])              # 0..9 integer ids
X = StandardScaler().fit_transform(df.drop(columns=["filename", "genre"]).values)
n_genres = len(encoder.classes_)

model = keras.Sequential([
    keras.Input(shape=(X.shape[1],)),
    layers.Dense(512, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(n_genres, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=70, batch_size=128, validation_split=0.2)
print(encoder.inverse_transform(np.argmax(model.predict(X[:3]), axis=1)))
