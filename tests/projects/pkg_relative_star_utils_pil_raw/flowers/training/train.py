"""python -m flowers.training.train"""
import torch
from torch import nn

from ..utils import *
from .cnn import make_cnn


def main(epochs=15):
    loader = make_loader("data/flower_photos")
    model = make_cnn(NUM_CLASSES)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(epochs):
        for images, labels in loader:
            images = images.float()
            loss = criterion(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        print(epoch, loss.item())


if __name__ == "__main__":
    main()
