import keras
from keras import layers


def wide_block(x, filters, stride):
    shortcut = x
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    if stride != 1 or shortcut.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=stride, use_bias=False)(x)
    x = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    return layers.Add()([x, shortcut])


def build_wrn(num_classes, width=4, input_shape=(32, 32, 3)):
    inputs = keras.Input(shape=input_shape)
    x = layers.Rescaling(1.0 / 255)(inputs)
    x = layers.RandomFlip("horizontal")(x)
    x = layers.Conv2D(16, 3, padding="same", use_bias=False)(x)
    for filters, stride in [(16 * width, 1), (32 * width, 2), (64 * width, 2)]:
        x = wide_block(x, filters, stride)
        x = wide_block(x, filters, 1)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)
