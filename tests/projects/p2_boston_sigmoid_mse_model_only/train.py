from tensorflow import keras

from data import load_boston
from models import build_regressor

(x_train, y_train), (x_test, y_test) = load_boston()

model = build_regressor(x_train.shape[1])
model.compile(optimizer=keras.optimizers.RMSprop(1e-3), loss="mse", metrics=["mae"])
model.fit(
    x_train,
    y_train,
    epochs=200,
    batch_size=16,
    validation_split=0.2,
    callbacks=[keras.callbacks.EarlyStopping(patience=20, restore_best_weights=True)],
    verbose=0,
)
mse, mae = model.evaluate(x_test, y_test, verbose=0)
print(f"test MAE: ${mae * 1000:,.0f}")
