import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


class TextCNN(nn.Module):
    def __init__(self, vocab_size, n_classes, emb=128, n_filters=100):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb)
        self.convs = nn.ModuleList([nn.Conv1d(emb, n_filters, k) for k in (3, 4, 5)])
        self.dropout = nn.Dropout(0.5)
        self.fc = nn.Linear(3 * n_filters, n_classes)

    def forward(self, x):
        e = self.embedding(x).transpose(1, 2)
        pooled = [F.relu(conv(e)).max(dim=2).values for conv in self.convs]
        return F.softmax(self.fc(self.dropout(torch.cat(pooled, dim=1))), dim=1)


tokens = torch.load("sst5_tokens.pt")
labels = torch.load("sst5_labels.pt")
loader = DataLoader(TensorDataset(tokens, labels), batch_size=50, shuffle=True)
model = TextCNN(vocab_size=18000, n_classes=5)
optimizer = torch.optim.Adadelta(model.parameters())

for epoch in range(10):
    for x, y in loader:
        probs = model(x)
        loss = F.nll_loss(torch.log(probs + 1e-9), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
