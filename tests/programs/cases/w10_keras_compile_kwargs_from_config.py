import tensorflow as tf

CONFIG = {
    "model": {"hidden": [128, 64], "classes": 8},
    "compile": {"optimizer": "rmsprop", "loss": "binary_crossentropy", "metrics": ["accuracy"]},
}


def build(cfg):
    model = tf.keras.Sequential()
    for width in cfg["model"]["hidden"]:
        model.add(tf.keras.layers.Dense(width, activation="relu"))
    model.add(tf.keras.layers.Dense(cfg["model"]["classes"], activation="softmax"))
    compile_kw = dict(cfg["compile"])
    model.compile(**compile_kw)
    return model


model = build(CONFIG)
model.fit(x_train, y_train_onehot, epochs=20, batch_size=64)
