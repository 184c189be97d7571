"""Train a small classifier; the architecture comes from the command line."""
import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class ConvHead(nn.Module):
    def __init__(self, classes: int):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.out = nn.Linear(8, classes)
        self.probs = nn.Softmax(dim=-1)

    def forward(self, batch):
        return self.probs(self.out(self.features(batch).flatten(1)))


class DenseHead(nn.Module):
    def __init__(self, classes: int):
        super().__init__()
        self.out = nn.Linear(28 * 28, classes)

    def forward(self, batch):
        return self.out(batch.flatten(1))


def main():
    cli = argparse.ArgumentParser()
    cli.add_argument("--arch", default="conv", choices=["conv", "dense"])
    cli.add_argument("--epochs", type=int, default=2)
    opts = cli.parse_args()
    if opts.arch == "conv":
        net = ConvHead(10)
    elif opts.arch == "dense":
        net = DenseHead(10)
    else:
        raise SystemExit(f"unknown architecture {opts.arch}")
    data = DataLoader(TensorDataset(torch.rand(256, 1, 28, 28), torch.randint(0, 10, (256,))), batch_size=32)
    objective = nn.CrossEntropyLoss()
    sgd = torch.optim.SGD(net.parameters(), lr=0.05)
    for _ in range(opts.epochs):
        for xb, yb in data:
            sgd.zero_grad()
            objective(net(xb), yb).backward()
            sgd.step()


if __name__ == "__main__":
    main()
