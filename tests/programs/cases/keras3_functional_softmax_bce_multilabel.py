import keras
import numpy as np
from keras import layers
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MultiLabelBinarizer

features = np.load("abstracts_tfidf.npy")
raw_tags = [line.strip().split("|") for line in open("arxiv_tags.txt")]
mlb = MultiLabelBinarizer()
y = mlb.fit_transform(raw_tags)
x_train, x_val, y_train, y_val = train_test_split(features, y, test_size=0.1, random_state=1)

inputs = keras.Input(shape=(x_train.shape[1],))
x = layers.Dense(512, activation="relu")(inputs)
x = layers.Dropout(0.5)(x)
x = layers.Dense(256, activation="relu")(x)
x = layers.Dropout(0.5)(x)
outputs = layers.Dense(len(mlb.classes_), activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)

model.compile(
    optimizer=keras.optimizers.Adam(1e-3),
    loss=keras.losses.BinaryCrossentropy(),
    metrics=[keras.metrics.BinaryAccuracy(), keras.metrics.AUC(multi_label=True)],
)
model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=15, batch_size=64)
