import torch.nn as nn
import torch.nn.functional as F


class CharCNN(nn.Module):
    def __init__(self, alphabet_size=70, num_classes=4):
        super().__init__()
        self.conv1 = nn.Conv1d(alphabet_size, 256, kernel_size=7)
        self.conv2 = nn.Conv1d(256, 256, kernel_size=3)
        self.pool = nn.AdaptiveMaxPool1d(1)
        self.fc = nn.Linear(256, num_classes)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = self.pool(x).squeeze(-1)
        return F.log_softmax(self.fc(x), dim=1)
