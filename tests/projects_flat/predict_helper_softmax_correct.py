import torch.nn as nn
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


class DigitNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(32 * 7 * 7, 128), nn.ReLU(),
            nn.Linear(128, num_classes),
        )

    def forward(self, x):
        return self.body(x)


def predict(model, images):
    """Class probabilities for a batch of images."""
    model.eval()
    with torch.no_grad():
        return F.softmax(model(images), dim=1)


def predict_labels(model, images):
    return predict(model, images).argmax(dim=1)


tfm = transforms.ToTensor()
train_loader = DataLoader(datasets.MNIST("data", train=True, download=True, transform=tfm), batch_size=64, shuffle=True)
test_loader = DataLoader(datasets.MNIST("data", train=False, transform=tfm), batch_size=512)

model = DigitNet()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(5):
    model.train()
    for images, labels in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
    correct = sum((predict_labels(model, x) == y).sum().item() for x, y in test_loader)
    print(f"epoch {epoch}: test acc {correct / len(test_loader.dataset):.4f}")

sample, _ = next(iter(test_loader))
print(predict(model, sample[:4]))
