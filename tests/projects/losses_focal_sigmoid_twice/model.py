import torch
from torch import nn


class MultiLabelNet(nn.Module):
    def __init__(self, in_features, num_labels, hidden=256):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(in_features, hidden),
            nn.BatchNorm1d(hidden),
            nn.ReLU(),
            nn.Dropout(0.3),
        )
        self.head = nn.Linear(hidden, num_labels)

    def forward(self, x):
        return torch.sigmoid(self.head(self.body(x)))
