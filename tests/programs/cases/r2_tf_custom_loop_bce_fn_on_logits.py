import tensorflow as tf
from tensorflow import keras

(x_train, y_train), _ = keras.datasets.imdb.load_data(num_words=20000)
x_train = keras.utils.pad_sequences(x_train, maxlen=200)
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(25000).batch(32)

inputs = keras.Input(shape=(None,), dtype="int32")
x = keras.layers.Embedding(20000, 128)(inputs)
x = keras.layers.Bidirectional(keras.layers.LSTM(64))(x)
logits = keras.layers.Dense(1)(x)
model = keras.Model(inputs, logits)

optimizer = keras.optimizers.Adam(1e-3)
train_acc = keras.metrics.BinaryAccuracy(threshold=0.0)

for epoch in range(3):
    for step, (x_batch, y_batch) in enumerate(train_ds):
        with tf.GradientTape() as tape:
            preds = model(x_batch, training=True)
            loss_value = tf.reduce_mean(keras.losses.binary_crossentropy(y_batch[:, None], preds))
        grads = tape.gradient(loss_value, model.trainable_weights)
        optimizer.apply_gradients(zip(grads, model.trainable_weights))
        train_acc.update_state(y_batch[:, None], preds)
    print(f"epoch {epoch}: acc {float(train_acc.result()):.4f}")
    train_acc.reset_state()
