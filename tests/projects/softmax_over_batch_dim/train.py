import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from models.encoder import MLPEncoder
from models.head import ClassifierHead

X = torch.load("data/embeddings.pt")
y = torch.load("data/labels.pt")
loader = DataLoader(TensorDataset(X, y), batch_size=512, shuffle=True)

model = nn.Sequential(MLPEncoder(X.shape[1]), ClassifierHead(512, 20))
criterion = nn.NLLLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)

for epoch in range(30):
    for xb, yb in loader:
        loss = criterion(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
