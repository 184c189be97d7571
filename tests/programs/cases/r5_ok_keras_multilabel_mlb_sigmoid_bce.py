"""Movie-genre tagging from plot summaries: multi-label, one sigmoid per genre."""
import pandas as pd
import tensorflow as tf
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MultiLabelBinarizer

df = pd.read_csv("movies.csv")
df["genres"] = df["genres"].str.split("|")
mlb = MultiLabelBinarizer()
Y = mlb.fit_transform(df["genres"]).astype("float32")

train_text, val_text, y_train, y_val = train_test_split(df["overview"].values, Y, test_size=0.2, random_state=0)

vectorize = tf.keras.layers.TextVectorization(max_tokens=20000, output_mode="tf_idf", ngrams=2)
vectorize.adapt(train_text)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(1,), dtype=tf.string),
    vectorize,
    tf.keras.layers.Dense(256, activation="relu"),
    tf.keras.layers.Dropout(0.5),
    tf.keras.layers.Dense(20, activation="sigmoid"),
])
model.compile(loss="binary_crossentropy", optimizer="adam",
              metrics=[tf.keras.metrics.BinaryAccuracy(), tf.keras.metrics.AUC(multi_label=True)])
model.fit(train_text, y_train, validation_data=(val_text, y_val), epochs=10, batch_size=64)
