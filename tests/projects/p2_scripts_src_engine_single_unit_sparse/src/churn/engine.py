import tensorflow as tf


def fit(model, train_ds, val_ds=None, epochs=10, learning_rate=1e-3):
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    optimizer = tf.keras.optimizers.Adam(learning_rate)
    train_loss = tf.keras.metrics.Mean(name="train_loss")

    @tf.function
    def train_step(features, labels):
        with tf.GradientTape() as tape:
            logits = model(features, training=True)
            loss = loss_fn(labels, logits)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        train_loss.update_state(loss)

    for epoch in range(epochs):
        train_loss.reset_state()
        for features, labels in train_ds:
            train_step(features, labels)
        print(f"epoch {epoch + 1}: loss {train_loss.result():.4f}")
    return model
