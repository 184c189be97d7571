import torch.nn as nn
import torch.nn.functional as F


class KeywordSpotter(nn.Module):
    """Returns logits while training and probabilities in eval mode (for the demo app)."""

    def __init__(self, n_mels=40, num_keywords=12):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv1d(n_mels, 64, 5, padding=2), nn.BatchNorm1d(64), nn.ReLU(),
            nn.Conv1d(64, 64, 5, padding=2), nn.BatchNorm1d(64), nn.ReLU(),
            nn.AdaptiveAvgPool1d(1),
        )
        self.fc = nn.Linear(64, num_keywords)

    def forward(self, mels):
        x = self.conv(mels).squeeze(-1)
        x = self.fc(x)
        if not self.training:
            x = F.softmax(x, dim=-1)
        return x
