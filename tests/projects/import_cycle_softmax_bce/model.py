import torch
from torch import nn

import train_utils


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
        return f"{type(self).__name__} with {train_utils.count_parameters(self):,} parameters"
