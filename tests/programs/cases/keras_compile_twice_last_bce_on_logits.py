import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

train_ds = keras.utils.text_dataset_from_directory(
    "aclImdb/train", batch_size=32, validation_split=0.2, subset="training", seed=42)
val_ds = keras.utils.text_dataset_from_directory(
    "aclImdb/train", batch_size=32, validation_split=0.2, subset="validation", seed=42)

vectorize = layers.TextVectorization(max_tokens=20000, output_sequence_length=250)
vectorize.adapt(train_ds.map(lambda text, label: text))

model = keras.Sequential([
    vectorize,
    layers.Embedding(20001, 64),
    layers.Dropout(0.2),
    layers.GlobalAveragePooling1D(),
    layers.Dropout(0.2),
    layers.Dense(1),
])
model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True),
              optimizer="adam",
              metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])
model.fit(train_ds, validation_data=val_ds, epochs=5)

# fine-tune with a smaller learning rate
model.compile(loss="binary_crossentropy",
              optimizer=keras.optimizers.Adam(1e-4),
              metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=5)
