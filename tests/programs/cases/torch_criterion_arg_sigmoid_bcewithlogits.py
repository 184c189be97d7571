import numpy as np
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader, TensorDataset


class FraudNet(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(n_features, 64),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(64, 1),
        )

    def forward(self, x):
        return torch.sigmoid(self.body(x))


def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        preds = model(xb).squeeze(1)
        loss = criterion(preds, yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * xb.size(0)
    return total / len(loader.dataset)


data = np.load("transactions.npz")
X_train, X_val, y_train, y_val = train_test_split(data["X"], data["y"], test_size=0.2, stratify=data["y"])
train_ds = TensorDataset(torch.tensor(X_train, dtype=torch.float32), torch.tensor(y_train, dtype=torch.float32))
train_loader = DataLoader(train_ds, batch_size=256, shuffle=True)

model = FraudNet(X_train.shape[1])
pos_weight = torch.tensor([(y_train == 0).sum() / (y_train == 1).sum()])
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
for epoch in range(20):
    epoch_loss = train_one_epoch(model, train_loader, nn.BCEWithLogitsLoss(pos_weight=pos_weight), optimizer)
    print(f"epoch {epoch}: {epoch_loss:.4f}")
