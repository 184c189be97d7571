import torch
from torch import nn


class SpanEnd(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.out = nn.Linear(hidden, 1)

    def forward(self, token_states):
        return self.out(token_states)


model = SpanEnd(300)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adadelta(model.parameters())
for passage, end in data:
    J = passage.size(0) - 1
    y_pred = model(passage)
    y_pred = y_pred.resize(1, J + 1)
    loss = criterion(y_pred, end)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
