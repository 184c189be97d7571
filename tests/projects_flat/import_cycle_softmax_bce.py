import random

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def seed_everything(seed=42):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def count_parameters(module):
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def build(vocab_size):
    model = ToxicityClassifier(vocab_size)
    print(model.describe())
    return model


class ToxicityClassifier(nn.Module):
    """Six independent toxicity labels (toxic, severe, obscene, threat, insult, hate)."""

    def __init__(self, vocab_size, num_labels=6, embed_dim=100, hidden=64):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.gru = nn.GRU(embed_dim, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(4 * hidden, num_labels)
        self.act = nn.Softmax(dim=1)

    def forward(self, tokens):
        h, _ = self.gru(self.embedding(tokens))
        pooled = torch.cat([h.mean(dim=1), h.max(dim=1).values], dim=1)
        return self.act(self.out(pooled))

    def describe(self):
        return f"{type(self).__name__} with {count_parameters(self):,} parameters"


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
