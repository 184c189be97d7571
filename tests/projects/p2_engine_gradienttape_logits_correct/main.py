import tensorflow as tf

import engine
from model import SmallCNN

BATCH = 128
EPOCHS = 20


def make_datasets():
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
    x_train = x_train.astype("float32") / 255.0
    x_test = x_test.astype("float32") / 255.0
    train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(50_000).batch(BATCH)
    test_ds = tf.data.Dataset.from_tensor_slices((x_test, y_test)).batch(BATCH)
    return train_ds, test_ds


if __name__ == "__main__":
    train_ds, test_ds = make_datasets()
    model = SmallCNN(num_classes=10)
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    optimizer = tf.keras.optimizers.Adam(1e-3)
    engine.fit(model, train_ds, test_ds, optimizer, loss_fn, epochs=EPOCHS)
