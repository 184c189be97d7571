import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

# Binary task on MNIST: is the digit even?
to_parity = transforms.Lambda(lambda y: torch.tensor(float(y % 2 == 0)))
tfm = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_ds = datasets.MNIST("data", train=True, download=True, transform=tfm, target_transform=to_parity)
test_ds = datasets.MNIST("data", train=False, transform=tfm, target_transform=to_parity)
train_loader = DataLoader(train_ds, batch_size=256, shuffle=True)
test_loader = DataLoader(test_ds, batch_size=1024)

model = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(32 * 7 * 7, 64), nn.ReLU(),
    nn.Linear(64, 1),
)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(3):
    model.train()
    for x, y in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(x).squeeze(1), y)
        loss.backward()
        optimizer.step()

model.eval()
correct = 0
with torch.no_grad():
    for x, y in test_loader:
        correct += ((torch.sigmoid(model(x).squeeze(1)) > 0.5).float() == y).sum().item()
print("parity accuracy:", correct / len(test_ds))
