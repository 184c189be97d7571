from tensorflow import keras
from tensorflow.keras import layers

from config import *


def build_model():
    base = keras.applications.MobileNetV2(input_shape=INPUT_SHAPE, include_top=False, weights=None)
    x = layers.GlobalAveragePooling2D()(base.output)
    x = layers.Dropout(0.2)(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return keras.Model(base.input, outputs)
