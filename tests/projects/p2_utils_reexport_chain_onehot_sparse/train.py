from model import build_classifier
from utils import CLASS_NAMES, load_fashion_mnist

(train_x, train_y), (val_x, val_y), (test_x, test_y) = load_fashion_mnist()

model = build_classifier(input_shape=train_x.shape[1:], num_classes=len(CLASS_NAMES))
model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(train_x, train_y, validation_data=(val_x, val_y), epochs=15, batch_size=256)
print(dict(zip(model.metrics_names, model.evaluate(test_x, test_y, verbose=0))))
