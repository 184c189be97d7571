try:
    import wandb
    from wandb.integration.keras import WandbMetricsLogger
except ImportError:
    wandb = None

try:
    from tensorflow import keras
except ImportError:
    import keras

from dataio import load_mnist
from net import build_lenet

(x_train, y_train), (x_test, y_test) = load_mnist()

model = build_lenet(input_shape=(28, 28, 1), num_classes=10)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])

callbacks = [keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)]
if wandb is not None:
    wandb.init(project="lenet-mnist")
    callbacks.append(WandbMetricsLogger())

model.fit(x_train, y_train, epochs=20, batch_size=128, validation_split=0.1, callbacks=callbacks)
model.evaluate(x_test, y_test)
