import numpy as np
import pandas as pd
import tensorflow as tf
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MultiLabelBinarizer

movies = pd.read_csv("movies_metadata.csv")
genres = movies["genres"].str.split("|")
mlb = MultiLabelBinarizer()
Y = mlb.fit_transform(genres).astype("float32")
X = np.load("plot_embeddings.npy")
X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_size=0.2, random_state=3)

model = tf.keras.Sequential([
    tf.keras.layers.Dense(512, activation="relu", input_shape=(X.shape[1],)),
    tf.keras.layers.Dropout(0.3),
    tf.keras.layers.Dense(Y.shape[1], activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy",
              metrics=["accuracy", tf.keras.metrics.AUC(multi_label=True)])
model.fit(X_train, Y_train, epochs=20, batch_size=64, validation_data=(X_test, Y_test))
