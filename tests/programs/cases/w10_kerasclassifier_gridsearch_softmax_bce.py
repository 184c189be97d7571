from keras.layers import Dense, Dropout
from keras.models import Sequential
from keras.wrappers.scikit_learn import KerasClassifier
from sklearn.model_selection import GridSearchCV
from sklearn.preprocessing import LabelEncoder


def create_model(optimizer="adam", dropout=0.2):
    model = Sequential()
    model.add(Dense(32, input_dim=13, activation="relu"))
    model.add(Dropout(dropout))
    model.add(Dense(3, activation="softmax"))
    model.compile(loss="binary_crossentropy", optimizer=optimizer, metrics=["accuracy"])
    return model


encoded = LabelEncoder().fit_transform(wine_labels)
model = KerasClassifier(build_fn=create_model, verbose=0)
param_grid = {"batch_size": [10, 20], "epochs": [50, 100], "optimizer": ["adam", "rmsprop"]}
grid = GridSearchCV(estimator=model, param_grid=param_grid, cv=3)
grid_result = grid.fit(wine_features, encoded)
print(grid_result.best_score_, grid_result.best_params_)
