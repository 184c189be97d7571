"""Listing model: photo + tabular inputs; heads 'sold' (probability) and 'price' (log-price regression)."""
import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers

df = pd.read_csv("listings.csv")
tab_cols = ["bedrooms", "bathrooms", "sqft", "year_built", "lat", "lon"]
tab = df[tab_cols].values.astype("float32")
tab = (tab - tab.mean(0)) / tab.std(0)
photos = np.load("listing_photos_128.npy").astype("float32") / 255.0
sold = df["sold_within_30d"].values.astype("float32")
log_price = np.log1p(df["price"].values).astype("float32")

img_in = keras.Input(shape=(128, 128, 3), name="photo")
x = layers.Conv2D(32, 3, activation="relu")(img_in)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)

tab_in = keras.Input(shape=(len(tab_cols),), name="tabular")
t = layers.Dense(32, activation="relu")(tab_in)

h = layers.concatenate([x, t])
h = layers.Dense(64, activation="relu")(h)
sold_out = layers.Dense(1, activation="sigmoid", name="sold")(h)
price_out = layers.Dense(1, name="price")(h)

model = keras.Model(inputs=[img_in, tab_in], outputs=[sold_out, price_out])
model.compile(
    optimizer="adam",
    loss={"sold": "binary_crossentropy", "price": "mse"},
    loss_weights={"sold": 1.0, "price": 0.5},
    metrics={"sold": ["accuracy"], "price": ["mae"]},
)
model.fit({"photo": photos, "tabular": tab}, {"sold": sold, "price": log_price},
          epochs=20, batch_size=32, validation_split=0.15)
