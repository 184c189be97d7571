import numpy as np
import tensorflow as tf

CONFIG = {
    "n_outputs": 6,
    "hidden": [256, 128],
    "dropout": 0.3,
    "loss": "binary_crossentropy",
    "lr": 3e-4,
    "epochs": 25,
}


def build_model(cfg, n_features):
    model = tf.keras.Sequential()
    model.add(tf.keras.layers.InputLayer(input_shape=(n_features,)))
    for units in cfg["hidden"]:
        model.add(tf.keras.layers.Dense(units, activation="relu"))
        model.add(tf.keras.layers.Dropout(cfg["dropout"]))
    model.add(tf.keras.layers.Dense(cfg["n_outputs"], activation="softmax"))
    model.compile(optimizer=tf.keras.optimizers.Adam(cfg["lr"]), loss=cfg["loss"], metrics=["AUC"])
    return model


X = np.load("comments_embeddings.npy")
Y = np.load("toxicity_labels.npy")  # toxic, severe_toxic, obscene, threat, insult, identity_hate (multi-label)
model = build_model(CONFIG, X.shape[1])
model.fit(X, Y, epochs=CONFIG["epochs"], batch_size=256, validation_split=0.1)
