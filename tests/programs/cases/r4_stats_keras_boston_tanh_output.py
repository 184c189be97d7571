# Boston prices (in $1000s) with a tanh output "to keep the predictions bounded"; MAE plateaus at ~21
from tensorflow.keras import layers, models
from tensorflow.keras.datasets import boston_housing

(train_data, train_targets), (test_data, test_targets) = boston_housing.load_data()
mean = train_data.mean(axis=0)
std = train_data.std(axis=0)
train_data = (train_data - mean) / std
test_data = (test_data - mean) / std


def build_model():
    m = models.Sequential()
    m.add(layers.Dense(64, activation="relu", input_shape=(train_data.shape[1],)))
    m.add(layers.Dense(64, activation="relu"))
    m.add(layers.Dense(1, activation="tanh"))
    m.compile(optimizer="rmsprop", loss="mae")
    return m


model = build_model()
model.fit(train_data, train_targets, epochs=80, batch_size=16, verbose=0)
print(model.evaluate(test_data, test_targets, verbose=0))
