import keras
import pandas as pd
from sklearn.model_selection import train_test_split

from model import build_churn_model

df = pd.read_csv("data/telco_churn.csv")
y = (df.pop("Churn") == "Yes").astype("int32").values
X = pd.get_dummies(df.drop(columns=["customerID"]), drop_first=True).astype("float32").values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)

model = build_churn_model(X_train.shape[1])
model.get_layer("scaler").adapt(X_train)
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, validation_split=0.1, epochs=40, batch_size=64)
print(model.evaluate(X_test, y_test))
