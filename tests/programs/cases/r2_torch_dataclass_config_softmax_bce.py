from dataclasses import dataclass

import torch
import torch.nn as nn
from torch.utils.data import DataLoader


@dataclass
class Config:
    n_features: int = 300
    hidden: int = 512
    num_labels: int = 12
    lr: float = 1e-3
    epochs: int = 20
    batch_size: int = 128


class GenreTagger(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(cfg.n_features, cfg.hidden), nn.ReLU(), nn.Dropout(0.3))
        self.classifier = nn.Linear(cfg.hidden, cfg.num_labels)

    def forward(self, x):
        return torch.softmax(self.classifier(self.mlp(x)), dim=1)


def train(cfg: Config):
    model = GenreTagger(cfg)
    # each movie can have several genres (multi-hot targets)
    loader = DataLoader(torch.load("movie_genres_multihot.pt"), batch_size=cfg.batch_size, shuffle=True)
    criterion = nn.BCELoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    for epoch in range(cfg.epochs):
        for features, genres in loader:
            optimizer.zero_grad()
            loss = criterion(model(features), genres)
            loss.backward()
            optimizer.step()
    return model


if __name__ == "__main__":
    train(Config())
