import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from models import build_model

loader = DataLoader(datasets.KMNIST("data", train=True, download=True, transform=transforms.ToTensor()),
                    batch_size=128, shuffle=True)
model = build_model("mlp", num_classes=10)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(10):
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
