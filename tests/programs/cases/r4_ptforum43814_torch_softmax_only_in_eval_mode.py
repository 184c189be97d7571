"""Classifier whose forward returns probabilities only in eval mode (handy for serving); in training
mode it returns the logits that nn.CrossEntropyLoss expects."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


class FashionNet(nn.Module):
    def __init__(self, n_classes=10):
        super().__init__()
        self.body = nn.Sequential(nn.Flatten(), nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU())
        self.head = nn.Linear(100, n_classes)

    def forward(self, x):
        logits = self.head(self.body(x))
        if not self.training:
            return F.softmax(logits, dim=1)
        return logits


train_ds = datasets.FashionMNIST("data", train=True, download=True, transform=transforms.ToTensor())
loader = DataLoader(train_ds, batch_size=128, shuffle=True)
model = FashionNet()
criterion = nn.CrossEntropyLoss()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(10):
    model.train()
    for xb, yb in loader:
        opt.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        opt.step()

model.eval()
with torch.no_grad():
    xb, _ = next(iter(loader))
    print(model(xb)[:3])
