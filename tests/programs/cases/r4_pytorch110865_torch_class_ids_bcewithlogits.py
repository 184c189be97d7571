# Repro for "BCEWithLogitsLoss: check if labels within zero and one": multi-class labels 0..3 passed
# to a binary loss by mistake. Predictions and targets have the same shape, so nothing complains.
import torch
import torch.nn as nn

torch.manual_seed(0)
n, d = 512, 20
features = torch.randn(n, d)
labels = torch.randint(0, 4, (n,))          # four classes, by accident

model = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, 1))
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

for step in range(500):
    optimizer.zero_grad()
    logits = model(features).squeeze(1)
    loss = criterion(logits, labels.float())
    loss.backward()
    optimizer.step()
    if step % 100 == 0:
        print(step, loss.item())          # goes negative, "learns" nonsense
