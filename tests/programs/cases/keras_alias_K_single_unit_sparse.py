import pandas as pd
import tensorflow.keras as K
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

df = pd.read_csv("heart.csv")
X = df.drop("target", axis=1).values
y = df["target"].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
sc = StandardScaler()
X_train = sc.fit_transform(X_train)
X_test = sc.transform(X_test)

model = K.Sequential()
model.add(K.layers.Dense(16, activation="relu", input_shape=(X_train.shape[1],)))
model.add(K.layers.Dense(8, activation="relu"))
model.add(K.layers.Dense(1, activation="sigmoid"))
model.compile(optimizer=K.optimizers.Adam(0.001),
              loss=K.losses.SparseCategoricalCrossentropy(),
              metrics=["accuracy"])
model.fit(X_train, y_train, epochs=100, batch_size=16, validation_data=(X_test, y_test))
