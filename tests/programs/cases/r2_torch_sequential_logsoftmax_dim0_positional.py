import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

tfm = transforms.Compose([transforms.Grayscale(), transforms.Resize((32, 32)), transforms.ToTensor()])
train_ds = datasets.ImageFolder("gtsrb/train", transform=tfm)
loader = DataLoader(train_ds, batch_size=128, shuffle=True, num_workers=4)
n_classes = len(train_ds.classes)

model = nn.Sequential(
    nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(64 * 5 * 5, 256), nn.ReLU(), nn.Dropout(0.5),
    nn.Linear(256, n_classes),
    nn.LogSoftmax(0),
)
criterion = nn.NLLLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)


def evaluate(model, loader):
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(1) == y).sum().item()
    return correct / len(loader.dataset)


for epoch in range(12):
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    print(epoch, evaluate(model, loader))
