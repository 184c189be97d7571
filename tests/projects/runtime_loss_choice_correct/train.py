import argparse

import torch

from losses import get_loss
from model import Scorer

parser = argparse.ArgumentParser()
parser.add_argument("--loss", choices=["bce", "bce_logits", "mse"], default="bce")
parser.add_argument("--steps", type=int, default=1000)
args = parser.parse_args()

data = torch.load("data/clicks.pt")
x, y = data["x"], data["clicked"].float()
model = Scorer(x.shape[1])
criterion = get_loss(args.loss)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for step in range(args.steps):
    idx = torch.randint(0, len(x), (512,))
    loss = criterion(model(x[idx]), y[idx])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
