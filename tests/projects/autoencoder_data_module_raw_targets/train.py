from autoencoder import build_autoencoder
from data import get_mnist_flat

x_train, x_test = get_mnist_flat()
autoencoder, encoder = build_autoencoder(encoding_dim=32)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.fit(x_train, x_train, epochs=50, batch_size=256, shuffle=True, validation_data=(x_test, x_test))
encoder.save("encoder.keras")
