import torch
from torch import nn


def fit(model, loader, epochs=10, lr=1e-3, pos_weight=None):
    criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        model.train()
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x).squeeze(-1), y.float())
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return losses
