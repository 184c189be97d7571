"""Binary classification with BCELoss: the model's outputs are negative and the loss blows up
("Assertion `input_val >= zero && input_val <= one` failed")."""
import numpy as np
import pandas as pd
import torch
from torch import nn
from sklearn.preprocessing import StandardScaler

df = pd.read_csv("churn.csv")
X = StandardScaler().fit_transform(df.drop(columns=["churned"]).values).astype(np.float32)
y = df["churned"].values.astype(np.float32)
X_t, y_t = torch.from_numpy(X), torch.from_numpy(y).unsqueeze(1)


class ChurnNet(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.hidden = nn.Sequential(nn.Linear(n_in, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
        self.head = nn.Linear(32, 1)

    def forward(self, x):
        return self.head(self.hidden(x))


net = ChurnNet(X.shape[1])
loss_fn = nn.BCELoss()
opt = torch.optim.Adam(net.parameters(), lr=3e-4)

for step in range(2000):
    idx = torch.randint(0, len(X_t), (128,))
    opt.zero_grad()
    loss = loss_fn(net(X_t[idx]), y_t[idx])
    loss.backward()
    opt.step()
