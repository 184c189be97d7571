"""Binary focal loss for a defect detector. binary_cross_entropy_with_logits already applies a
sigmoid, but it is given the sigmoid of the scores: the lowest "probability" it ever sees is 0.5."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class FocalLoss(nn.Module):
    def __init__(self, alpha=0.25, gamma=2.0):
        super().__init__()
        self.alpha = alpha
        self.gamma = gamma

    def forward(self, inputs, targets):
        probs = torch.sigmoid(inputs)
        bce = F.binary_cross_entropy_with_logits(probs, targets, reduction="none")
        p_t = probs * targets + (1 - probs) * (1 - targets)
        alpha_t = self.alpha * targets + (1 - self.alpha) * (1 - targets)
        return (alpha_t * (1 - p_t) ** self.gamma * bce).mean()


class PatchClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
        )
        self.fc = nn.Linear(32, 1)

    def forward(self, x):
        return self.fc(self.features(x).flatten(1)).squeeze(1)


model = PatchClassifier()
criterion = FocalLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
patches = torch.load("patches.pt")          # dict of float tensors in [0, 1]
x_all, y_all = patches["x"], patches["y"].float()

for epoch in range(30):
    perm = torch.randperm(len(x_all))
    for i in range(0, len(perm), 64):
        b = perm[i:i + 64]
        optimizer.zero_grad()
        loss = criterion(model(x_all[b]), y_all[b])
        loss.backward()
        optimizer.step()
