"""Multi-class focal loss (Lin et al.) on logits; softmax is used only to get p_t."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


class FocalLoss(nn.Module):
    def __init__(self, gamma=2.0, alpha=None, reduction="mean"):
        super().__init__()
        self.gamma = gamma
        self.alpha = alpha
        self.reduction = reduction

    def forward(self, logits, target):
        ce = F.cross_entropy(logits, target, weight=self.alpha, reduction="none")
        probs = torch.softmax(logits, dim=1)
        p_t = probs.gather(1, target.unsqueeze(1)).squeeze(1)
        loss = (1.0 - p_t) ** self.gamma * ce
        return loss.mean() if self.reduction == "mean" else loss.sum()


class TabularNet(nn.Module):
    def __init__(self, d_in, n_classes):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(d_in, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.3),
                                  nn.Linear(256, 128), nn.ReLU())
        self.head = nn.Linear(128, n_classes)

    def forward(self, x):
        return self.head(self.body(x))


X = torch.randn(5000, 40)
y = torch.randint(0, 7, (5000,))
loader = DataLoader(TensorDataset(X, y), batch_size=128, shuffle=True)

model = TabularNet(40, 7)
criterion = FocalLoss(gamma=2.0)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)

for epoch in range(20):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    print(epoch, round(loss.item(), 4))
