import keras
from keras import layers


def build_text_model(vocab_size=30000, seq_len=256, num_classes=4, embed_dim=128):
    inputs = keras.Input(shape=(seq_len,), dtype="int64")
    x = layers.Embedding(vocab_size, embed_dim, mask_zero=True)(inputs)
    x = layers.Bidirectional(layers.GRU(64, return_sequences=True))(x)
    x = layers.GlobalMaxPooling1D()(x)
    x = layers.Dense(64, activation="relu")(x)
    logits = layers.Dense(num_classes, name="logits")(x)
    return keras.Model(inputs, logits)
