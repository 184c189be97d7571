import torch
import torchvision
from torch import nn


class MultiTaskNet(nn.Module):
    """Identity classification head + 40 binary face-attribute logits on a shared trunk."""

    def __init__(self, num_identities, num_attributes=40):
        super().__init__()
        trunk = torchvision.models.resnet18(weights=None)
        trunk.fc = nn.Identity()
        self.trunk = trunk
        self.id_head = nn.Linear(512, num_identities)
        self.attr_head = nn.Sequential(nn.Dropout(0.2), nn.Linear(512, num_attributes))

    def forward(self, x):
        feats = self.trunk(x)
        return self.id_head(feats), self.attr_head(feats)


__all__ = ["MultiTaskNet"]
