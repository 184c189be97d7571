from tensorflow import keras
from tensorflow.keras import layers

from .base import GradAccumModel


def build_sentiment_model(vocab_size=20_000, maxlen=256, embed_dim=64):
    inputs = keras.Input(shape=(maxlen,), dtype="int32")
    x = layers.Embedding(vocab_size, embed_dim)(inputs)
    x = layers.Conv1D(128, 5, activation="relu")(x)
    x = layers.GlobalMaxPooling1D()(x)
    x = layers.Dense(64, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return GradAccumModel(inputs, outputs, accum_steps=4)
