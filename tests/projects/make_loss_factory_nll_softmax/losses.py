import torch
from torch import nn


def make_loss(class_weights=None):
    """Negative log-likelihood; the model is expected to output log-probabilities."""
    if class_weights is not None:
        class_weights = torch.tensor(class_weights, dtype=torch.float32)
    return nn.NLLLoss(weight=class_weights)
