import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader


class MultiTaskTagger(nn.Module):
    def __init__(self, vocab_size, n_pos=17, n_ner=9, d=256):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, d)
        self.encoder = nn.GRU(d, d, batch_first=True, bidirectional=True)
        self.heads = nn.ModuleDict({
            "pos": nn.Linear(2 * d, n_pos),
            "ner": nn.Linear(2 * d, n_ner),
        })

    def forward(self, tokens):
        h, _ = self.encoder(self.embed(tokens))
        return {task: head(h) for task, head in self.heads.items()}


model = MultiTaskTagger(vocab_size=40000)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loader = DataLoader(torch.load("conll_multitask.pt"), batch_size=32, shuffle=True)

for epoch in range(15):
    for tokens, pos_tags, ner_tags in loader:
        out = model(tokens)
        loss = F.nll_loss(out["pos"].transpose(1, 2), pos_tags, ignore_index=-100)
        loss = loss + F.nll_loss(out["ner"].transpose(1, 2), ner_tags, ignore_index=-100)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
