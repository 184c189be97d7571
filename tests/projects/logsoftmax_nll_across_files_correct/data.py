import csv

import torch
from torch.utils.data import Dataset

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
