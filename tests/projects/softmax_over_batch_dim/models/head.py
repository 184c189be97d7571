import torch.nn.functional as F
from torch import nn


class ClassifierHead(nn.Module):
    def __init__(self, in_features, num_classes):
        super().__init__()
        self.norm = nn.LayerNorm(in_features)
        self.fc = nn.Linear(in_features, num_classes)

    def forward(self, x):
        x = self.norm(x)
        return F.log_softmax(self.fc(x), dim=0)
