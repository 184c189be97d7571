import csv
from collections import Counter

import torch
from torch.utils.data import DataLoader


def tokenize(text):
    return text.lower().split()


def build_vocab(rows, min_freq=2):
    counts = Counter(tok for _, text in rows for tok in tokenize(text))
    vocab = {"<unk>": 0}
    for tok, n in counts.items():
        if n >= min_freq:
            vocab[tok] = len(vocab)
    return vocab


def collate(batch, vocab):
    labels, tokens, offsets = [], [], [0]
    for label, text in batch:
        ids = [vocab.get(t, 0) for t in tokenize(text)]
        labels.append(label)
        tokens.extend(ids)
        offsets.append(len(ids))
    offsets = torch.tensor(offsets[:-1]).cumsum(dim=0)
    return torch.tensor(labels), torch.tensor(tokens), offsets


def make_loader(path, batch_size=32):
    with open(path, newline="") as f:
        rows = [(1 if r["label"] == "spam" else 0, r["text"]) for r in csv.DictReader(f)]
    vocab = build_vocab(rows)
    loader = DataLoader(rows, batch_size=batch_size, shuffle=True, collate_fn=lambda b: collate(b, vocab))
    return loader, vocab
