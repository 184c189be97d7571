import torch
import torch.nn.functional as F
from torch import nn


class TextCNN(nn.Module):
    """Kim (2014) style CNN over word embeddings."""

    def __init__(self, vocab_size, num_classes, embed_dim=128, kernel_sizes=(3, 4, 5), channels=100, dropout=0.5):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.convs = nn.ModuleList([nn.Conv1d(embed_dim, channels, k) for k in kernel_sizes])
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(channels * len(kernel_sizes), num_classes)

    def forward(self, tokens):
        x = self.embedding(tokens).transpose(1, 2)
        pooled = [F.relu(conv(x)).max(dim=2).values for conv in self.convs]
        x = self.dropout(torch.cat(pooled, dim=1))
        return F.softmax(self.fc(x), dim=-1)
