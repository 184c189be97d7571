import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader


class CharCNN(nn.Module):
    def __init__(self, n_chars=70, n_classes=14):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv1d(n_chars, 256, 7), nn.ReLU(), nn.MaxPool1d(3),
            nn.Conv1d(256, 256, 7), nn.ReLU(), nn.AdaptiveMaxPool1d(1), nn.Flatten(),
        )
        self.fc = nn.Linear(256, n_classes)

    def forward(self, x):
        return self.fc(self.conv(x))


head_only = nn.Sequential(nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 14), nn.LogSoftmax(dim=1))

model = CharCNN()
optimizer = torch.optim.SGD(list(model.parameters()) + list(head_only.parameters()), lr=0.01, momentum=0.9)
loader = DataLoader(torch.load("dbpedia_onehot_chars.pt"), batch_size=128, shuffle=True)
ce = nn.CrossEntropyLoss()

for epoch in range(10):
    for x, y in loader:
        logits = model(x)
        loss = F.nll_loss(logits.log_softmax(dim=-1), y)
        # auxiliary head on frozen conv features; CrossEntropyLoss on log-probabilities is harmless
        aux = ce(head_only(model.conv(x).detach()), y)
        optimizer.zero_grad()
        (loss + 0.1 * aux).backward()
        optimizer.step()
