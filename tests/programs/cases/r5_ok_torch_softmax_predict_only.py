import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


class Classifier(nn.Module):
    def __init__(self, n_classes=10):
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        )
        self.fc = nn.Linear(64 * 7 * 7, n_classes)
        self.softmax = nn.Softmax(dim=1)

    def forward(self, x):
        logits = self.fc(self.backbone(x))
        if not self.training:
            return self.softmax(logits)
        return logits

    @torch.no_grad()
    def predict(self, x):
        self.eval()
        return F.softmax(self.fc(self.backbone(x)), dim=1).argmax(1)


tfm = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.2860,), (0.3530,))])
train_loader = DataLoader(datasets.FashionMNIST("data", train=True, download=True, transform=tfm),
                          batch_size=64, shuffle=True)
test_loader = DataLoader(datasets.FashionMNIST("data", train=False, transform=tfm), batch_size=256)

model = Classifier()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(5):
    model.train()
    for x, y in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        probs = torch.cat([model(x) for x, _ in test_loader])
        val_nll = F.nll_loss(torch.log(probs + 1e-9), torch.cat([y for _, y in test_loader]))
    print(epoch, loss.item(), val_nll.item())
