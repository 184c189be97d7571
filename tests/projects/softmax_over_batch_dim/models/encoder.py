from torch import nn


class MLPEncoder(nn.Module):
    def __init__(self, in_features, hidden=512, depth=3):
        super().__init__()
        layers = []
        for i in range(depth):
            layers += [nn.Linear(in_features if i == 0 else hidden, hidden), nn.GELU()]
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)
