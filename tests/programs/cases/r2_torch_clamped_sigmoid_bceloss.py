import torch
import torch.nn as nn
from torch.utils.data import DataLoader


class CTRModel(nn.Module):
    """Wide & Deep click-through-rate model."""

    def __init__(self, n_sparse, n_dense, emb_dim=16):
        super().__init__()
        self.embeddings = nn.EmbeddingBag(n_sparse, emb_dim, mode="sum")
        self.wide = nn.Linear(n_dense, 1)
        self.deep = nn.Sequential(nn.Linear(emb_dim + n_dense, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                                  nn.Linear(128, 1))

    def forward(self, sparse_ids, offsets, dense):
        emb = self.embeddings(sparse_ids, offsets)
        return self.wide(dense) + self.deep(torch.cat([emb, dense], dim=1))


model = CTRModel(n_sparse=1_000_000, n_dense=13)
criterion = nn.BCELoss(reduction="none")
optimizer = torch.optim.Adagrad(model.parameters(), lr=0.01)
loader = DataLoader(torch.load("criteo_day0.pt"), batch_size=4096, shuffle=True)

for step, (sparse_ids, offsets, dense, clicked, weight) in enumerate(loader):
    logits = model(sparse_ids, offsets, dense).squeeze(1)
    probs = torch.sigmoid(logits).clamp(1e-7, 1 - 1e-7)
    loss = (criterion(probs, clicked.float()) * weight).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 1000 == 0:
        print(step, loss.item())
