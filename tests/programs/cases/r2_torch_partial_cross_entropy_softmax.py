from functools import partial

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader


class IntentClassifier(nn.Module):
    def __init__(self, vocab_size, n_intents, emb=200, hidden=256):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, emb, padding_idx=0)
        self.lstm = nn.LSTM(emb, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, n_intents)

    def forward(self, tokens):
        h, _ = self.lstm(self.embed(tokens))
        logits = self.out(h.mean(dim=1))
        return logits.softmax(dim=-1)


loss_fn = partial(F.cross_entropy, label_smoothing=0.1)


def run(model, loader, optimizer, epochs=10):
    for epoch in range(epochs):
        model.train()
        for tokens, intents in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(tokens), intents)
            loss.backward()
            optimizer.step()


model = IntentClassifier(vocab_size=15000, n_intents=150)
train_loader = DataLoader(torch.load("clinc150_train.pt"), batch_size=64, shuffle=True)
run(model, train_loader, torch.optim.Adam(model.parameters(), lr=2e-3))
