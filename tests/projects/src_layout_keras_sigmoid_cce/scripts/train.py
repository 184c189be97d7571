"""Train the Fashion-MNIST classifier (pip install -e . first)."""
from fashion.data import load
from fashion.models import build_classifier

(x_train, y_train), (x_test, y_test) = load()
model = build_classifier()
model.summary()
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=15, validation_split=0.1)
score = model.evaluate(x_test, y_test, verbose=0)
print("test loss:", score[0], "test accuracy:", score[1])
