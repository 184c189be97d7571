"""Trains with cross-entropy on logits; also logs a per-class Brier score and a one-vs-rest
BCE of the softmax probabilities for the dashboard (never differentiated)."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

NUM_CLASSES = 6
X = torch.randn(3000, 24)
y = torch.randint(0, NUM_CLASSES, (3000,))
loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)

model = nn.Sequential(nn.Linear(24, 64), nn.ReLU(), nn.Linear(64, NUM_CLASSES))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
history = []

for epoch in range(10):
    for xb, yb in loader:
        logits = model(xb)
        loss = F.cross_entropy(logits, yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        probs = torch.softmax(logits.detach(), dim=1)
        onehot = F.one_hot(yb, NUM_CLASSES).float()
        ovr_bce = F.binary_cross_entropy(probs, onehot).item()
        brier = ((probs - onehot) ** 2).sum(1).mean().item()
        history.append({"loss": loss.item(), "ovr_bce": ovr_bce, "brier": brier})
    print(epoch, history[-1])
