# the MNIST MLP after the answers: ten softmax units, a multi-class loss, pixels scaled
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense

input_nodes = 784
hidden_nodes = 64
output_nodes = 10

(X_train, y_train), (X_test, y_test) = mnist.load_data()
X_train_flat = X_train.reshape(X_train.shape[0], input_nodes).astype('float32') / 255.0
X_test_flat = X_test.reshape(X_test.shape[0], input_nodes).astype('float32') / 255.0

net = Sequential()
net.add(Dense(hidden_nodes, activation='relu', input_shape=(input_nodes,)))
net.add(Dense(output_nodes, activation='softmax'))

net.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])

hist = net.fit(x=X_train_flat, y=y_train, validation_split=0.33, verbose=1, epochs=10)
print(net.evaluate(X_test_flat, y_test))
