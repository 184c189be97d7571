import torchvision
from torch import nn


def build_teacher(num_classes=10, weights_path=None):
    net = torchvision.models.resnet50(weights=None)
    net.fc = nn.Linear(net.fc.in_features, num_classes)
    if weights_path is not None:
        import torch

        net.load_state_dict(torch.load(weights_path, map_location="cpu"))
    return net
