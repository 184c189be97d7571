import pandas as pd
import tensorflow as tf

from churn import config
from churn.engine import fit
from churn.model import build_model

frame = pd.read_csv(config.CSV_PATH)
labels = (frame.pop(config.TARGET) == "Yes").astype("int32").to_numpy()
features = pd.get_dummies(frame.drop(columns=["customerID"]), dtype="float32").to_numpy()
features = (features - features.mean(axis=0)) / (features.std(axis=0) + 1e-6)

train_ds = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(10_000).batch(config.BATCH_SIZE)

model = build_model(features.shape[1], hidden=config.HIDDEN, num_outputs=config.NUM_OUTPUTS)
fit(model, train_ds, epochs=config.EPOCHS, learning_rate=config.LEARNING_RATE)
model.save("churn.keras")
