from torch import nn

from .focal import FocalLoss


def get_criterion(name, **kwargs):
    if name == "ce":
        return nn.CrossEntropyLoss(**kwargs)
    elif name == "nll":
        return nn.NLLLoss(**kwargs)
    elif name == "focal":
        return FocalLoss(**kwargs)
    raise ValueError(f"unknown criterion {name!r}")
