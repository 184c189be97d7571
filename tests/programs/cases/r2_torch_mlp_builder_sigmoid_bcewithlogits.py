import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


def make_mlp(in_dim, hidden, out_dim, dropout=0.1):
    layers = []
    for h in hidden:
        layers += [nn.Linear(in_dim, h), nn.BatchNorm1d(h), nn.ReLU(), nn.Dropout(dropout)]
        in_dim = h
    layers.append(nn.Linear(in_dim, out_dim))
    layers.append(nn.Sigmoid())
    return nn.Sequential(*layers)


df = pd.read_parquet("fraud_features.parquet")
X = torch.tensor(df.drop(columns=["is_fraud"]).values, dtype=torch.float32)
y = torch.tensor(df["is_fraud"].values, dtype=torch.float32).unsqueeze(1)
loader = DataLoader(TensorDataset(X, y), batch_size=1024, shuffle=True)

model = make_mlp(X.shape[1], [256, 128, 64], 1)
pos_weight = torch.tensor([(y == 0).sum() / (y == 1).sum()])
criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)

for epoch in range(20):
    model.train()
    epoch_loss = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item() * xb.size(0)
    print(f"epoch {epoch}: {epoch_loss / len(loader.dataset):.4f}")
