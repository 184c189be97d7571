import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader


class EmotionCNN(nn.Module):
    def __init__(self, n_classes=7):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )
        self.fc = nn.Linear(128, n_classes)

    def forward(self, x):
        logits = self.fc(self.features(x))
        probs = F.softmax(logits, dim=1)
        return logits, probs


model = EmotionCNN()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loader = DataLoader(torch.load("fer2013_train.pt"), batch_size=64, shuffle=True)

for epoch in range(25):
    for faces, emotions in loader:
        _, probs = model(faces)
        loss = F.cross_entropy(probs, emotions)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
