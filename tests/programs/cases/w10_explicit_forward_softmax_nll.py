import torch
from torch import nn

model = nn.Sequential(
    nn.Linear(4, 32),
    nn.ReLU(),
    nn.Linear(32, 3),
    nn.Softmax(dim=1),
)
loss_fn = nn.NLLLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

X = torch.tensor(features, dtype=torch.float32)
Y = torch.tensor(labels, dtype=torch.long)
for epoch in range(300):
    optimizer.zero_grad()
    out = model.forward(X)
    cost = loss_fn.forward(out, Y)
    cost.backward()
    optimizer.step()
