"""GRU encoder with additive attention over time (time-major tensors), then a 4-way classifier."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class AttnClassifier(nn.Module):
    def __init__(self, vocab_size, emb=128, hidden=128, n_classes=4):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, emb, padding_idx=0)
        self.gru = nn.GRU(emb, hidden)           # time-major: (T, B, H)
        self.score = nn.Linear(hidden, 1)
        self.out = nn.Linear(hidden, n_classes)

    def forward(self, tokens):                   # tokens: (T, B)
        h, _ = self.gru(self.embed(tokens))      # (T, B, H)
        weights = F.softmax(self.score(h), dim=0)  # attention over the T time steps
        context = (weights * h).sum(dim=0)       # (B, H)
        return self.out(context)


def batches(n_batches, T=50, B=32, vocab=5000):
    for _ in range(n_batches):
        yield torch.randint(1, vocab, (T, B)), torch.randint(0, 4, (B,))


model = AttnClassifier(vocab_size=5000)
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
loss_fn = nn.CrossEntropyLoss()

for step, (tokens, labels) in enumerate(batches(500)):
    optimizer.zero_grad()
    loss = loss_fn(model(tokens), labels)
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    if step % 50 == 0:
        print(step, loss.item())
