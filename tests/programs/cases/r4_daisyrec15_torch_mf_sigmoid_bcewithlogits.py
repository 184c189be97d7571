"""Point-wise matrix factorisation for implicit feedback. The prediction is passed through a sigmoid
and then to BCEWithLogitsLoss, which has its own sigmoid -- the loss does not converge."""
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


class PointMF(nn.Module):
    def __init__(self, user_num, item_num, factor_num=32):
        super().__init__()
        self.embed_user = nn.Embedding(user_num, factor_num)
        self.embed_item = nn.Embedding(item_num, factor_num)
        nn.init.normal_(self.embed_user.weight, std=0.01)
        nn.init.normal_(self.embed_item.weight, std=0.01)

    def forward(self, user, item):
        pred = (self.embed_user(user) * self.embed_item(item)).sum(dim=-1)
        return torch.sigmoid(pred)


def fit(model, loader, epochs=20, lr=1e-3):
    criterion = nn.BCEWithLogitsLoss(reduction="sum")
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        total = 0.0
        for user, item, label in loader:
            model.zero_grad()
            prediction = model(user, item)
            loss = criterion(prediction, label.float())
            loss.backward()
            optimizer.step()
            total += loss.item()
        print(epoch, total)


triples = np.loadtxt("interactions.tsv", dtype=np.int64)   # user, item, clicked (0/1)
ds = TensorDataset(*(torch.from_numpy(triples[:, k]) for k in range(3)))
mf = PointMF(int(triples[:, 0].max()) + 1, int(triples[:, 1].max()) + 1)
fit(mf, DataLoader(ds, batch_size=4096, shuffle=True))
