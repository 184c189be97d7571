import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

from losses import FocalLoss
from model import MultiLabelNet

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
