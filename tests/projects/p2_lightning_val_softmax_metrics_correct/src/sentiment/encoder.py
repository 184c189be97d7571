import torch
from torch import nn


class GRUEncoder(nn.Module):
    def __init__(self, vocab_size, num_classes=3, embed_dim=200, hidden=256, dropout=0.3):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.gru = nn.GRU(embed_dim, hidden, batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(dropout)
        self.proj = nn.Linear(2 * hidden, num_classes)

    def forward(self, tokens):
        _, h = self.gru(self.embed(tokens))
        h = torch.cat([h[-2], h[-1]], dim=1)
        return self.proj(self.dropout(h))
