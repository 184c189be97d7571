import torch.nn as nn
import torchvision

from .base import BaseClassifier


class ResNetClassifier(BaseClassifier):
    def __init__(self, num_classes):
        super().__init__()
        resnet = torchvision.models.resnet34(weights="IMAGENET1K_V1")
        self.features = nn.Sequential(*list(resnet.children())[:-2])
        self.head = nn.Linear(512, num_classes)
