import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from train_utils import build, seed_everything

seed_everything()
tokens = torch.load("data/comments_tokens.pt")
targets = torch.load("data/comments_labels.pt").float()
loader = DataLoader(TensorDataset(tokens, targets), batch_size=128, shuffle=True)

model = build(vocab_size=50000)
criterion = nn.BCELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(4):
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch}: {loss.item():.4f}")
