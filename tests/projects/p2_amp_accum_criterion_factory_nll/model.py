from torch import nn


class KeywordNet(nn.Module):
    """Depthwise-separable CNN over log-mel spectrograms (Speech Commands, 35 words)."""

    def __init__(self, num_classes=35, width=64):
        super().__init__()

        def ds_block(cin, cout, stride):
            return nn.Sequential(
                nn.Conv2d(cin, cin, 3, stride, 1, groups=cin, bias=False),
                nn.BatchNorm2d(cin),
                nn.ReLU(inplace=True),
                nn.Conv2d(cin, cout, 1, bias=False),
                nn.BatchNorm2d(cout),
                nn.ReLU(inplace=True),
            )

        self.stem = nn.Sequential(nn.Conv2d(1, width, 3, 2, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True))
        self.blocks = nn.Sequential(ds_block(width, width, 1), ds_block(width, 2 * width, 2), ds_block(2 * width, 2 * width, 1))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(2 * width, num_classes)

    def forward(self, spec):
        x = self.blocks(self.stem(spec))
        x = self.pool(x).flatten(1)
        return self.head(x)
