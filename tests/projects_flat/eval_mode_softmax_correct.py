import os

import torch
import torchaudio
from torch.utils.data import Dataset
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader


KEYWORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go", "silence", "unknown"]


class SpeechCommands(Dataset):
    def __init__(self, root, split):
        with open(os.path.join(root, f"{split}_list.txt")) as f:
            self.files = [line.strip() for line in f]
        self.root = root
        self.mel = torchaudio.transforms.MelSpectrogram(sample_rate=16000, n_mels=40)

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        path = self.files[i]
        wav, _ = torchaudio.load(os.path.join(self.root, path))
        mels = torch.log(self.mel(wav)[0] + 1e-6)
        word = path.split("/")[0]
        label = KEYWORDS.index(word) if word in KEYWORDS else KEYWORDS.index("unknown")
        return mels, label


class KeywordSpotter(nn.Module):
    """Returns logits while training and probabilities in eval mode (for the demo app)."""

    def __init__(self, n_mels=40, num_keywords=12):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv1d(n_mels, 64, 5, padding=2), nn.BatchNorm1d(64), nn.ReLU(),
            nn.Conv1d(64, 64, 5, padding=2), nn.BatchNorm1d(64), nn.ReLU(),
            nn.AdaptiveAvgPool1d(1),
        )
        self.fc = nn.Linear(64, num_keywords)

    def forward(self, mels):
        x = self.conv(mels).squeeze(-1)
        x = self.fc(x)
        if not self.training:
            x = F.softmax(x, dim=-1)
        return x


train_loader = DataLoader(SpeechCommands("data/speech_commands", "train"), batch_size=128, shuffle=True)
val_loader = DataLoader(SpeechCommands("data/speech_commands", "val"), batch_size=256)

model = KeywordSpotter()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)

for epoch in range(30):
    model.train()
    for mels, target in train_loader:
        loss = criterion(model(mels), target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        acc = sum((model(m).argmax(-1) == t).sum().item() for m, t in val_loader) / len(val_loader.dataset)
    print(f"epoch {epoch}: val acc {acc:.3f}")
