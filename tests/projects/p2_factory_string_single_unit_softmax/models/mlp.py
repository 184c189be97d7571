from torch import nn


class MLPBaseline(nn.Module):
    def __init__(self, image_size, num_classes):
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(),
            nn.Linear(3 * image_size * image_size, 256),
            nn.ReLU(),
            nn.Linear(256, num_classes),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.net(x)
