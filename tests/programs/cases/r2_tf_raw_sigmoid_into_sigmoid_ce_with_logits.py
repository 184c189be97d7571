import tensorflow as tf

(x_train, y_train), _ = tf.keras.datasets.imdb.load_data(num_words=10000)
x_train = tf.keras.utils.pad_sequences(x_train, maxlen=256)
dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train.astype("float32"))).shuffle(25000).batch(64)

model = tf.keras.Sequential([
    tf.keras.layers.Embedding(10000, 64),
    tf.keras.layers.GlobalAveragePooling1D(),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
optimizer = tf.keras.optimizers.Adam(1e-3)


@tf.function
def train_step(tokens, labels):
    with tf.GradientTape() as tape:
        logits = tf.squeeze(model(tokens, training=True), axis=-1)
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


for epoch in range(5):
    for tokens, labels in dataset:
        loss = train_step(tokens, labels)
    print(f"epoch {epoch}: loss {float(loss):.4f}")
