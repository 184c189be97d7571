import torch
import torch.nn.functional as F
from torch import nn
import numpy as np
from torch.utils.data import DataLoader, TensorDataset


class FocalLoss(nn.Module):
    """Sigmoid focal loss (Lin et al., 2017) for multi-label targets.

    Takes raw logits, like torchvision.ops.sigmoid_focal_loss.
    """

    def __init__(self, alpha=0.25, gamma=2.0, reduction="mean"):
        super().__init__()
        self.alpha = alpha
        self.gamma = gamma
        self.reduction = reduction

    def forward(self, logits, targets):
        ce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
        p = torch.sigmoid(logits)
        p_t = p * targets + (1 - p) * (1 - targets)
        loss = ce * ((1 - p_t) ** self.gamma)
        if self.alpha >= 0:
            alpha_t = self.alpha * targets + (1 - self.alpha) * (1 - targets)
            loss = alpha_t * loss
        if self.reduction == "mean":
            return loss.mean()
        return loss.sum()


class MultiLabelNet(nn.Module):
    def __init__(self, in_features, num_labels, hidden=256):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(in_features, hidden),
            nn.BatchNorm1d(hidden),
            nn.ReLU(),
            nn.Dropout(0.3),
        )
        self.head = nn.Linear(hidden, num_labels)

    def forward(self, x):
        return torch.sigmoid(self.head(self.body(x)))


features = torch.from_numpy(np.load("features.npy")).float()
labels = torch.from_numpy(np.load("labels.npy")).float()
loader = DataLoader(TensorDataset(features, labels), batch_size=256, shuffle=True)

model = MultiLabelNet(features.shape[1], labels.shape[1])
criterion = FocalLoss(gamma=2.0)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(25):
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")
