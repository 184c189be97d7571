import torch
import torch.nn as nn
import torch.nn.functional as F


class AttentionBiLSTM(nn.Module):
    def __init__(self, vocab_size, n_classes, emb_dim=200, hidden=128):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.lstm = nn.LSTM(emb_dim, hidden, batch_first=True, bidirectional=True)
        self.attn = nn.Linear(2 * hidden, 1)
        self.out = nn.Linear(2 * hidden, n_classes)

    def forward(self, tokens, mask):
        h, _ = self.lstm(self.embedding(tokens))          # (B, T, 2H)
        scores = self.attn(h).squeeze(-1)                  # (B, T)
        scores = scores.masked_fill(mask == 0, -1e9)
        weights = F.softmax(scores, dim=1)                 # attention over time steps
        context = torch.bmm(weights.unsqueeze(1), h).squeeze(1)
        return self.out(context)


model = AttentionBiLSTM(vocab_size=25000, n_classes=4)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
train_batches = torch.load("agnews_batches.pt")

for epoch in range(6):
    model.train()
    for tokens, mask, labels in train_batches:
        optimizer.zero_grad()
        logits = model(tokens, mask)
        loss = criterion(logits, labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
