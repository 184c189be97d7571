import pandas as pd
import tensorflow as tf
from sklearn.model_selection import train_test_split

from config import TrainConfig
from model import build_model

cfg = TrainConfig(epochs=150)

frame = pd.read_csv(cfg.csv_path)
x = frame[cfg.features].to_numpy("float32")
y = frame[cfg.target].to_numpy("float32")
x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.2, random_state=0)

model = build_model(len(cfg.features), cfg.hidden)
model.layers[1].adapt(x_train)
model.compile(
    optimizer=tf.keras.optimizers.get({"class_name": cfg.optimizer, "config": {"learning_rate": cfg.learning_rate}}),
    loss=cfg.loss,
    metrics=["accuracy", "mae"],
)
model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=cfg.epochs, batch_size=cfg.batch_size)
