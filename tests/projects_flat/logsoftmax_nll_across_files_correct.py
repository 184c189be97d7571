import csv

import torch
from torch.utils.data import Dataset
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader


ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-,;.!?:'\"/\\|_@#$%^&*~`+=<>()[]{} "


class AGNews(Dataset):
    def __init__(self, path, max_len=1014):
        with open(path, newline="") as f:
            self.rows = [(int(r[0]) - 1, (r[1] + " " + r[2]).lower()) for r in csv.reader(f)]
        self.max_len = max_len
        self.index = {c: i for i, c in enumerate(ALPHABET)}

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, i):
        label, text = self.rows[i]
        x = torch.zeros(len(ALPHABET), self.max_len)
        for pos, ch in enumerate(text[: self.max_len]):
            if ch in self.index:
                x[self.index[ch], pos] = 1.0
        return x, label


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


criterion = nn.NLLLoss()


loader = DataLoader(AGNews("data/ag_news/train.csv"), batch_size=128, shuffle=True)
model = CharCNN()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

for epoch in range(10):
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
