"""Flower classification with the torchvision v1 transforms; tensors kept as uint8 -> float."""
import torch
import torch.nn as nn
from torchvision import datasets, transforms

train_tf = transforms.Compose([
    transforms.Resize((96, 96)),
    transforms.RandomHorizontalFlip(),
    transforms.PILToTensor(),
])
train_set = datasets.ImageFolder("flowers/train", transform=train_tf)
loader = torch.utils.data.DataLoader(train_set, batch_size=32, shuffle=True)


class SmallCNN(nn.Module):
    def __init__(self, n_classes=5):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
            nn.Flatten(), nn.Linear(64, n_classes),
        )

    def forward(self, x):
        return self.net(x)


model = SmallCNN()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(15):
    for images, labels in loader:
        images = images.float()
        optimizer.zero_grad()
        outputs = model(images)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
