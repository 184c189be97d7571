import torch.nn as nn
import torch.nn.functional as F


class BaseClassifier(nn.Module):
    """Subclasses define self.features (N, C, H, W) and self.head (C -> classes)."""

    def forward(self, x):
        x = self.features(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return F.softmax(self.head(x), dim=1)

    def freeze_features(self):
        for p in self.features.parameters():
            p.requires_grad = False
