import torch
import torch.nn as nn
from torch.utils.data import DataLoader


class ChestXrayNet(nn.Module):
    def __init__(self, n_findings=14):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(64, 128, 3, stride=2, padding=1), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )
        self.head = nn.Linear(128, n_findings)

    def forward(self, x):
        return self.head(self.features(x))


class MultiLabelLoss(nn.Module):
    def __init__(self):
        super().__init__()
        self.bce = nn.BCELoss()

    def forward(self, logits, targets):
        return self.bce(logits, targets.float())


model = ChestXrayNet().cuda()
criterion = MultiLabelLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
loader = DataLoader(torch.load("chestxray14_train.pt"), batch_size=32, shuffle=True)

for epoch in range(8):
    model.train()
    for images, findings in loader:
        images, findings = images.cuda(), findings.cuda()
        optimizer.zero_grad()
        loss = criterion(model(images), findings)
        loss.backward()
        optimizer.step()
