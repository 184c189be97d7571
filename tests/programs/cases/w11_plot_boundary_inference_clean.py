import numpy as np
import torch
from torch import nn


def draw_boundary(model, X, y):
    xx, yy = np.meshgrid(np.linspace(-3, 3, 50), np.linspace(-3, 3, 50))
    grid = torch.from_numpy(np.column_stack([xx.ravel(), yy.ravel()])).float()
    model.eval()
    with torch.inference_mode():
        raw = model(grid)
    if len(torch.unique(y)) > 2:
        pred = torch.softmax(raw, dim=1).argmax(dim=1)
    else:
        pred = torch.round(torch.sigmoid(raw))
    return pred.reshape(xx.shape)


clf = nn.Sequential(nn.Linear(2, 10), nn.ReLU(), nn.Linear(10, 1))
loss_fn = nn.BCEWithLogitsLoss()
optimizer = torch.optim.SGD(clf.parameters(), lr=0.1)
X = torch.randn(200, 2)
y = (X[:, 0] * X[:, 1] > 0).float()
for epoch in range(100):
    clf.train()
    optimizer.zero_grad()
    loss = loss_fn(clf(X).squeeze(), y)
    loss.backward()
    optimizer.step()
draw_boundary(clf, X, y)
