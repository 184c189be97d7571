import os

import torch
import torchaudio
from torch.utils.data import Dataset

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
