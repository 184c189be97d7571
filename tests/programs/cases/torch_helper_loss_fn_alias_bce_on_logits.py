import torch
from torch import nn
from torch.nn import functional as fn
from torch.utils.data import DataLoader


class ToxicityModel(nn.Module):
    def __init__(self, vocab_size, emb_dim=100, hidden=128):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.gru = nn.GRU(emb_dim, hidden, batch_first=True, bidirectional=True)
        self.classifier = nn.Linear(2 * hidden, 1)

    def forward(self, tokens):
        h, _ = self.gru(self.emb(tokens))
        pooled = h.max(dim=1).values
        return self.classifier(pooled).squeeze(-1)


def compute_loss(logits, targets):
    return fn.binary_cross_entropy(logits, targets.float())


def run_epoch(model, loader, opt, device="cuda"):
    model.train()
    for tokens, labels in loader:
        tokens, labels = tokens.to(device), labels.to(device)
        opt.zero_grad()
        loss = compute_loss(model(tokens), labels)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()


model = ToxicityModel(vocab_size=30000).cuda()
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
train_loader = DataLoader(torch.load("train_tokens.pt"), batch_size=64, shuffle=True)
for epoch in range(4):
    run_epoch(model, train_loader, opt)
