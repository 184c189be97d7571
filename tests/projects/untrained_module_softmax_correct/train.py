import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from models import build_model, reference_model

digits = load_digits()
x = digits.data.astype("float32") / 16.0
x_train, x_test, y_train, y_test = train_test_split(x, digits.target, test_size=0.25, random_state=0)

print("reference parameters:", reference_model.count_params())
model = build_model()
model.compile(
    optimizer=tf.keras.optimizers.Adam(1e-3),
    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=[tf.keras.metrics.SparseCategoricalAccuracy()],
)
model.fit(x_train, y_train, epochs=40, batch_size=32, validation_data=(x_test, y_test))
