import yaml
import torch
import torch.nn as nn
import torch.nn.functional as F


class Tiny(nn.Module):
    def __init__(self, n_out):
        super().__init__()
        self.lin = nn.Linear(40, n_out)

    def forward(self, x):
        return F.log_softmax(self.lin(x), dim=1)


class Wide(nn.Module):
    def __init__(self, n_out):
        super().__init__()
        self.lin1 = nn.Linear(40, 400)
        self.lin2 = nn.Linear(400, n_out)

    def forward(self, x):
        return self.lin2(F.relu(self.lin1(x)))


ZOO = {"tiny": Tiny, "wide": Wide}

with open("config.yaml") as fh:
    cfg = yaml.safe_load(fh)

model = ZOO[cfg["model"]](cfg.get("classes", 5))
nll = nn.NLLLoss()
opt = torch.optim.Adam(model.parameters())
for features, target in torch.load("train.pt"):
    opt.zero_grad()
    nll(model(features), target).backward()
    opt.step()
