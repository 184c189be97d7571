import keras
import numpy as np

from textcls import build_text_model

data = np.load("data/ag_news_tokens.npz")
x_train, y_train = data["x_train"], data["y_train"]

model = build_text_model(num_classes=4)
model.compile(
    optimizer=keras.optimizers.Adam(2e-3),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=[keras.metrics.SparseCategoricalAccuracy(name="acc")],
)
model.fit(x_train, y_train, batch_size=64, epochs=3, validation_split=0.1)
