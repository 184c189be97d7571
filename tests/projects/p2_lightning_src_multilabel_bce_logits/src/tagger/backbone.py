import torch
from torch import nn


class BagOfEmbeddingsEncoder(nn.Module):
    def __init__(self, vocab_size, embed_dim=256, hidden=512, num_tags=50, dropout=0.1):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, embed_dim, mode="mean")
        self.mlp = nn.Sequential(
            nn.Linear(embed_dim, hidden),
            nn.GELU(),
            nn.Dropout(dropout),
        )
        self.classifier = nn.Linear(hidden, num_tags)

    def forward(self, tokens, offsets):
        pooled = self.embedding(tokens, offsets)
        features = self.mlp(pooled)
        return self.classifier(features)
