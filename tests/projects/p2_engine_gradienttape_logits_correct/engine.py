import tensorflow as tf


def train_one_epoch(model, dataset, optimizer, loss_fn):
    mean_loss = tf.keras.metrics.Mean()
    for images, labels in dataset:
        with tf.GradientTape() as tape:
            logits = model(images, training=True)
            loss = loss_fn(labels, logits)
            loss += sum(model.losses)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        mean_loss.update_state(loss)
    return float(mean_loss.result())


def evaluate(model, dataset, loss_fn):
    accuracy = tf.keras.metrics.SparseCategoricalAccuracy()
    mean_loss = tf.keras.metrics.Mean()
    for images, labels in dataset:
        logits = model(images, training=False)
        probs = tf.nn.softmax(logits, axis=-1)
        accuracy.update_state(labels, probs)
        mean_loss.update_state(loss_fn(labels, logits))
    return float(mean_loss.result()), float(accuracy.result())


def fit(model, train_ds, val_ds, optimizer, loss_fn, epochs):
    for epoch in range(epochs):
        train_loss = train_one_epoch(model, train_ds, optimizer, loss_fn)
        val_loss, val_acc = evaluate(model, val_ds, loss_fn)
        print(f"epoch {epoch + 1}: train {train_loss:.4f} val {val_loss:.4f} acc {val_acc:.3f}")
