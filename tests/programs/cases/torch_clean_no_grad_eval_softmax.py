import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


class ConvNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.fc = nn.Linear(64 * 8 * 8, num_classes)

    def forward(self, x):
        return self.fc(torch.flatten(self.features(x), 1))


def evaluate(model, loader, criterion):
    model.eval()
    total_loss, correct, confident = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in loader:
            outputs = model(images)
            total_loss += criterion(outputs, labels).item()
            probs = F.softmax(outputs, dim=1)
            top_p, top_class = probs.topk(1, dim=1)
            correct += (top_class.squeeze(1) == labels).sum().item()
            confident += (top_p > 0.9).sum().item()
    return total_loss / len(loader), correct / len(loader.dataset), confident


tfm = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
train_loader = DataLoader(datasets.CIFAR10("data", train=True, download=True, transform=tfm), batch_size=64, shuffle=True)
test_loader = DataLoader(datasets.CIFAR10("data", train=False, transform=tfm), batch_size=256)

model = ConvNet()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
for epoch in range(20):
    model.train()
    for images, labels in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
    print(epoch, evaluate(model, test_loader, criterion))
