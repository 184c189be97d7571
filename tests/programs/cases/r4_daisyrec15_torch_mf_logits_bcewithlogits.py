"""Point-wise MF after the PR: forward returns the raw dot product, BCEWithLogitsLoss applies the sigmoid."""
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


class PointMF(nn.Module):
    def __init__(self, user_num, item_num, factor_num=32):
        super().__init__()
        self.embed_user = nn.Embedding(user_num, factor_num)
        self.embed_item = nn.Embedding(item_num, factor_num)

    def forward(self, user, item):
        return (self.embed_user(user) * self.embed_item(item)).sum(dim=-1)

    @torch.no_grad()
    def predict(self, user, item):
        return torch.sigmoid(self.forward(user, item))


def fit(model, loader, epochs=20, lr=1e-3):
    criterion = nn.BCEWithLogitsLoss(reduction="sum")
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        for user, item, label in loader:
            model.zero_grad()
            loss = criterion(model(user, item), label.float())
            loss.backward()
            optimizer.step()


triples = np.loadtxt("interactions.tsv", dtype=np.int64)
ds = TensorDataset(*(torch.from_numpy(triples[:, k]) for k in range(3)))
mf = PointMF(int(triples[:, 0].max()) + 1, int(triples[:, 1].max()) + 1)
fit(mf, DataLoader(ds, batch_size=4096, shuffle=True))
