import torch.nn as nn


class AudioEncoder(nn.Module):
    def __init__(self, n_mels=64, num_tags=50):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )
        self.fc = nn.Linear(64, num_tags)

    def forward(self, spec):
        return self.fc(self.conv(spec.unsqueeze(1)))
