import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


class AudioEventNet(nn.Module):
    def __init__(self, n_mels=64, n_classes=50):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.AdaptiveAvgPool2d((1, 1)),
        )
        self.fc1 = nn.Linear(64, 128)
        self.fc2 = nn.Linear(128, n_classes)

    def forward(self, x):
        x = torch.flatten(self.conv(x), 1)
        x = F.relu(self.fc1(x))
        return F.softmax(self.fc2(x), dim=-1)


class Trainer:
    def __init__(self, model, criterion, optimizer, device="cuda"):
        self.model = model.to(device)
        self.criterion = criterion
        self.optimizer = optimizer
        self.device = device
        self.history = []

    def train_epoch(self, loader):
        self.model.train()
        total = 0.0
        for x, y in loader:
            x, y = x.to(self.device), y.to(self.device)
            self.optimizer.zero_grad()
            loss = self.criterion(self.model(x), y)
            loss.backward()
            self.optimizer.step()
            total += loss.item()
        self.history.append(total / len(loader))
        return self.history[-1]

    def fit(self, loader, epochs):
        for epoch in range(epochs):
            print(f"epoch {epoch}: loss {self.train_epoch(loader):.4f}")


if __name__ == "__main__":
    spectrograms = datasets.DatasetFolder("esc50_mels", loader=torch.load, extensions=(".pt",),
                                          transform=transforms.Lambda(lambda t: t.unsqueeze(0)))
    loader = DataLoader(spectrograms, batch_size=32, shuffle=True)
    model = AudioEventNet()
    trainer = Trainer(model, nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters(), lr=1e-3))
    trainer.fit(loader, epochs=30)
