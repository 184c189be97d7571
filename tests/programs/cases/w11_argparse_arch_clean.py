"""The same command-line choice of architecture, both heads returning logits."""
import argparse

import torch
from torch import nn


class ConvHead(nn.Module):
    def __init__(self, classes: int):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.out = nn.Linear(8, classes)

    def forward(self, batch):
        return self.out(self.features(batch).flatten(1))


class DenseHead(nn.Module):
    def __init__(self, classes: int):
        super().__init__()
        self.out = nn.Linear(28 * 28, classes)

    def forward(self, batch):
        return self.out(batch.flatten(1))

    def predict(self, batch):
        with torch.no_grad():
            return torch.softmax(self.forward(batch), dim=1)


opts = argparse.ArgumentParser().parse_args()
net = ConvHead(10) if getattr(opts, "arch", "conv") == "conv" else DenseHead(10)
objective = nn.CrossEntropyLoss()
sgd = torch.optim.SGD(net.parameters(), lr=0.05)
for step in range(100):
    xb, yb = torch.rand(32, 1, 28, 28), torch.randint(0, 10, (32,))
    sgd.zero_grad()
    objective(net(xb), yb).backward()
    sgd.step()
