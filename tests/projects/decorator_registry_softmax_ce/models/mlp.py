import torch
import torch.nn as nn

from .registry import register_model


@register_model("mlp")
class MLP(nn.Module):
    def __init__(self, num_classes=10, hidden=512):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, hidden)
        self.fc2 = nn.Linear(hidden, num_classes)

    def forward(self, x):
        x = torch.relu(self.fc1(x.flatten(1)))
        return torch.softmax(self.fc2(x), dim=1)
