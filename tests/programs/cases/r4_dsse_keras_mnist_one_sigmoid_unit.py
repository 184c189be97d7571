# MNIST with one hidden layer: loss goes negative and accuracy sits at ~11%
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense

input_nodes = 784
hidden_nodes = 64
output_nodes = 1

(X_train, y_train), (X_test, y_test) = mnist.load_data()
X_train_flat = X_train.reshape(X_train.shape[0], input_nodes)
X_test_flat = X_test.reshape(X_test.shape[0], input_nodes)

net = Sequential()
net.add(Dense(hidden_nodes, activation='relu', input_shape=(input_nodes,)))
net.add(Dense(output_nodes, activation='sigmoid'))

net.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])

hist = net.fit(x=X_train_flat, y=y_train, validation_split=0.33, verbose=1, epochs=10)
print(hist.history['loss'][-1])
