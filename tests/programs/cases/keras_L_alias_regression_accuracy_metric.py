import pandas as pd
from keras import layers as L
from keras import models, optimizers
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler

df = pd.read_csv("auto-mpg.csv").dropna()
features = df[["cylinders", "displacement", "horsepower", "weight", "acceleration", "model_year"]].values
target = df["mpg"].values

scaler = MinMaxScaler()
X_train, X_test, y_train, y_test = train_test_split(scaler.fit_transform(features), target, test_size=0.2)

model = models.Sequential([
    L.Input(shape=(6,)),
    L.Dense(64, activation="relu"),
    L.Dense(64, activation="relu"),
    L.Dense(1),
])
model.compile(
    optimizer=optimizers.RMSprop(0.001),
    loss="mean_squared_error",
    metrics=["accuracy"],
)
history = model.fit(X_train, y_train, epochs=200, validation_split=0.2, verbose=0)
print(model.evaluate(X_test, y_test))
