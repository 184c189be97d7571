import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self, in_dim, num_classes, width=128):
        super().__init__()
        self.fc1 = nn.Linear(in_dim, width)
        self.fc2 = nn.Linear(width, num_classes)

    def forward(self, x):
        x = torch.relu(self.fc1(x))
        return torch.sigmoid(self.fc2(x))
