"""Movie plot -> genres (a plot can have several). Multi-label: sigmoid per genre + binary cross-entropy,
threshold the predictions at 0.5."""
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import MultiLabelBinarizer
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.models import Sequential
from tensorflow.keras.optimizers import SGD

movies = pd.read_csv("movies.csv")
genres = movies["genres"].str.split("|")
mlb = MultiLabelBinarizer()
y_train = mlb.fit_transform(genres)
X_train = TfidfVectorizer(max_features=5000).fit_transform(movies["plot"]).toarray()

model = Sequential()
model.add(Dense(5000, activation="relu", input_dim=X_train.shape[1]))
model.add(Dropout(0.1))
model.add(Dense(600, activation="relu"))
model.add(Dropout(0.1))
model.add(Dense(y_train.shape[1], activation="sigmoid"))

sgd = SGD(learning_rate=0.01, momentum=0.9, nesterov=True)
model.compile(loss="binary_crossentropy", optimizer=sgd)
model.fit(X_train, y_train, epochs=5, batch_size=2000)

preds = model.predict(X_train[:10])
preds[preds >= 0.5] = 1
preds[preds < 0.5] = 0
print(mlb.inverse_transform(preds))
