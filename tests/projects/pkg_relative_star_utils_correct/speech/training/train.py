"""python -m speech.training.train"""
from ..models.crnn import crnn
from ..utils import *


def main():
    x_train, y_train = load_split("data/commands", "train")
    x_val, y_val = load_split("data/commands", "val")
    model = crnn(x_train.shape[1:], NUM_CLASSES)
    model.layers[1].adapt(x_train)
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, one_hot(y_train), validation_data=(x_val, one_hot(y_val)), epochs=20, batch_size=128)


if __name__ == "__main__":
    main()
