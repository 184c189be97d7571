from tensorflow import keras
from tensorflow.keras import layers

NUM_GENRES = 5

text_in = keras.Input(shape=(200,), name="tokens")
x = layers.Embedding(20000, 64)(text_in)
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dense(64, activation="relu")(x)
genre = layers.Dense(NUM_GENRES, activation="sigmoid", name="genre")(x)

model = keras.Model(inputs=[text_in], outputs=[genre])
model.compile(optimizer="adam", loss=["categorical_crossentropy"], metrics=["accuracy"])
model.fit([x_train], [y_train], validation_split=0.1, epochs=10)
