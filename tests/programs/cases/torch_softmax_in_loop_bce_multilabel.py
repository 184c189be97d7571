import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

N_LABELS = 12


class ProteinMLP(nn.Module):
    def __init__(self, d_in, n_labels=N_LABELS):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d_in, 512), nn.GELU(), nn.Dropout(0.1), nn.Linear(512, n_labels))

    def forward(self, x):
        return self.net(x)


emb = np.load("protein_embeddings.npy")
go_terms = np.load("go_multi_hot.npy")  # (n, 12) multi-hot: a protein can have several functions
ds = TensorDataset(torch.from_numpy(emb).float(), torch.from_numpy(go_terms).float())
loader = DataLoader(ds, batch_size=128, shuffle=True)

model = ProteinMLP(emb.shape[1])
bce = nn.BCELoss()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(30):
    for x, y in loader:
        probs = F.softmax(model(x), dim=1)
        loss = bce(probs, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
