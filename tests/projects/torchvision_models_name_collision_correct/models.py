"""Old hand-written classifier, used by export_v0.py only."""
import torch.nn as nn


class SimpleClassifier(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 256), nn.ReLU(),
                                 nn.Linear(256, num_classes), nn.Softmax(dim=1))

    def forward(self, x):
        return self.net(x)


def resnet18(num_classes=10):
    return SimpleClassifier(num_classes)
