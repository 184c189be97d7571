import torch
from torch import nn


class Detector(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_features, 64), nn.ReLU(), nn.Linear(64, 1))

    def forward(self, x):
        return torch.sigmoid(self.body(x))


class Trainer:
    def __init__(self, model, lr=1e-3, criterion=nn.BCEWithLogitsLoss()):
        self.model = model
        self.criterion = criterion
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)

    def train_epoch(self, loader):
        self.model.train()
        total = 0.0
        for x, y in loader:
            self.optimizer.zero_grad()
            loss = self.criterion(self.model(x).squeeze(1), y.float())
            loss.backward()
            self.optimizer.step()
            total += loss.item()
        return total / len(loader)


if __name__ == "__main__":
    trainer = Trainer(Detector(n_features=30))
    for epoch in range(10):
        print(epoch, trainer.train_epoch(train_loader))
