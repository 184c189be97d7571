import torch
from torch import nn


class TextClassifier(nn.Module):
    """Bag-of-embeddings text classifier with one output: spam or ham."""

    def __init__(self, vocab_size, embed_dim=64, hidden=128):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, embed_dim, mode="mean")
        self.hidden = nn.Linear(embed_dim, hidden)
        self.out = nn.Linear(hidden, 1)

    def forward(self, tokens, offsets):
        h = torch.relu(self.hidden(self.embedding(tokens, offsets)))
        return self.out(h).squeeze(1)
