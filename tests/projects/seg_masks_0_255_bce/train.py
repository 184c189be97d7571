from tensorflow import keras

from data.masks import load_pairs
from unet import build_unet

x, y = load_pairs("dataset/train")
x = x.astype("float32") / 255.0

model = build_unet()
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.MeanIoU(num_classes=2)])
model.fit(x, y, batch_size=16, epochs=50, validation_split=0.1)
model.save("unet.keras")
