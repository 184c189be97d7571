import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

num_words = 10000
num_departments = 5

title_input = keras.Input(shape=(None,), name="title")
body_input = keras.Input(shape=(None,), name="body")
title_features = layers.Embedding(num_words, 64)(title_input)
body_features = layers.Embedding(num_words, 64)(body_input)
title_features = layers.LSTM(128)(title_features)
body_features = layers.LSTM(32)(body_features)
x = layers.concatenate([title_features, body_features])

priority_pred = layers.Dense(1, activation="sigmoid", name="priority")(x)
department_pred = layers.Dense(num_departments, activation="softmax", name="department")(x)
model = keras.Model(inputs=[title_input, body_input], outputs=[priority_pred, department_pred])

model.compile(
    optimizer=keras.optimizers.RMSprop(1e-3),
    loss={
        "priority": keras.losses.BinaryCrossentropy(),
        "department": keras.losses.CategoricalCrossentropy(),
    },
    loss_weights={"priority": 1.0, "department": 0.2},
)

title_data = np.random.randint(num_words, size=(1280, 10))
body_data = np.random.randint(num_words, size=(1280, 100))
priority_targets = np.random.random(size=(1280, 1))
dept_targets = keras.utils.to_categorical(np.random.randint(num_departments, size=(1280,)), num_departments)
model.fit({"title": title_data, "body": body_data},
          {"priority": priority_targets, "department": dept_targets},
          epochs=2, batch_size=32)
