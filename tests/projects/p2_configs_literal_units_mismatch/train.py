"""Train the small ConvNet on CIFAR-100."""
from tensorflow import keras

from configs import get_config
from models import build_convnet

cfg = get_config("cifar10")

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar100.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
y_train = keras.utils.to_categorical(y_train, 100)
y_test = keras.utils.to_categorical(y_test, 100)

model = build_convnet(cfg.image_size, cfg.num_classes)
model.compile(
    optimizer=keras.optimizers.Adam(cfg.learning_rate),
    loss="categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(
    x_train,
    y_train,
    batch_size=cfg.batch_size,
    epochs=cfg.epochs,
    validation_data=(x_test, y_test),
)
