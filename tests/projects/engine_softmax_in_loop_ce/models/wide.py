from torch import nn


class WideNet(nn.Module):
    def __init__(self, in_features, num_classes, width=1024):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(in_features, width),
            nn.ReLU(),
            nn.Linear(width, width),
            nn.ReLU(),
            nn.Linear(width, num_classes),
        )

    def forward(self, x):
        return self.layers(x)
