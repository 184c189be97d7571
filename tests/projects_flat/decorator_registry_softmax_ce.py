import torch.nn as nn
import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


MODEL_REGISTRY = {}


def register_model(name):
    def wrap(cls):
        if name in MODEL_REGISTRY:
            raise ValueError(f"duplicate model name {name}")
        MODEL_REGISTRY[name] = cls
        return cls
    return wrap


def build_model(name, **kwargs):
    return MODEL_REGISTRY[name](**kwargs)


@register_model("convnet")
class ConvNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
        self.fc = nn.Linear(32 * 13 * 13, num_classes)

    def forward(self, x):
        return self.fc(self.features(x))


@register_model("mlp")
class MLP(nn.Module):
    def __init__(self, num_classes=10, hidden=512):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, hidden)
        self.fc2 = nn.Linear(hidden, num_classes)

    def forward(self, x):
        x = torch.relu(self.fc1(x.flatten(1)))
        return torch.softmax(self.fc2(x), dim=1)


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
