import numpy as np
import tensorflow as tf

X = np.load("ionosphere_x.npy").astype("float32")
y = np.load("ionosphere_y.npy").astype("float32").reshape(-1, 1)
dataset = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(400).batch(32)

model = tf.keras.Sequential([
    tf.keras.layers.Dense(32, activation="relu", input_shape=(X.shape[1],)),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(1),
])
bce = tf.keras.losses.BinaryCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.Adam(1e-3)
train_acc = tf.keras.metrics.BinaryAccuracy()

for epoch in range(50):
    train_acc.reset_state()
    for xb, yb in dataset:
        with tf.GradientTape() as tape:
            logits = model(xb, training=True)
            loss = bce(yb, logits)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        probs = tf.sigmoid(logits)
        train_acc.update_state(yb, probs)
    print(f"epoch {epoch}: loss={float(loss):.4f} acc={float(train_acc.result()):.3f}")
