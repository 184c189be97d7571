import keras

from configs import get_config
from models import build_wrn

cfg = get_config("cifar100")

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar100.load_data()
y_train = keras.utils.to_categorical(y_train, cfg.NUM_CLASSES)
y_test = keras.utils.to_categorical(y_test, cfg.NUM_CLASSES)

model = build_wrn(cfg.NUM_CLASSES, width=cfg.WIDTH)
model.compile(
    optimizer=keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
    loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.1),
    metrics=["accuracy"],
)
model.fit(x_train, y_train, batch_size=128, epochs=cfg.EPOCHS, validation_data=(x_test, y_test))
