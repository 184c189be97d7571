import pandas as pd
import torch
from torch import nn


class ChurnModel(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.hidden = nn.Linear(n_in, 32)
        self.act = nn.ReLU()
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        logits = self.out(self.act(self.hidden(x)))
        return logits.softmax(dim=-1)


df = pd.read_csv("churn.csv")
features = torch.tensor(df.drop(columns=["churned"]).values, dtype=torch.float32)
target = torch.tensor(df["churned"].values, dtype=torch.float32).unsqueeze(1)

model = ChurnModel(features.shape[1])
loss_fn = nn.BCELoss()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(200):
    opt.zero_grad()
    loss = loss_fn(model(features), target)
    loss.backward()
    opt.step()
    if epoch % 20 == 0:
        print(epoch, loss.item())
