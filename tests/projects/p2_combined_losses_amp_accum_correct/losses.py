import torch
from torch import nn

identity_loss = nn.CrossEntropyLoss(label_smoothing=0.1)


def make_attribute_loss(pos_fraction):
    pos_fraction = torch.as_tensor(pos_fraction).clamp(1e-3, 1 - 1e-3)
    return nn.BCEWithLogitsLoss(pos_weight=(1 - pos_fraction) / pos_fraction)
