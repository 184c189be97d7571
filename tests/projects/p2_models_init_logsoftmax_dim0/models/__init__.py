"""Model zoo. Small models live here directly; bigger ones get their own module."""
import torch.nn.functional as F
from torch import nn

from .blocks import ConvBNReLU

__all__ = ["ConvBNReLU", "KeywordSpotter"]


class KeywordSpotter(nn.Module):
    def __init__(self, n_mels=40, num_classes=12):
        super().__init__()
        self.features = nn.Sequential(
            ConvBNReLU(1, 32),
            ConvBNReLU(32, 64, stride=2),
            ConvBNReLU(64, 128, stride=2),
            nn.AdaptiveAvgPool2d(1),
        )
        self.classifier = nn.Linear(128, num_classes)

    def forward(self, x):
        x = self.features(x).flatten(1)
        return F.log_softmax(self.classifier(x), dim=0)
