from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Config:
    in_dim: int = 40
    hidden: int = 128
    n_classes: int = 6
    lr: float = 1e-3
    epochs: int = 30


def build_models(cfg):
    return {
        "encoder": nn.Sequential(nn.Linear(cfg.in_dim, cfg.hidden), nn.ReLU(),
                                 nn.Linear(cfg.hidden, cfg.hidden), nn.ReLU()),
        "classifier": nn.Linear(cfg.hidden, cfg.n_classes),
    }


cfg = Config()
models = build_models(cfg)
params = [p for m in models.values() for p in m.parameters()]
optimizer = torch.optim.Adam(params, lr=cfg.lr)

mfcc = torch.load("mfcc_features.pt")
labels = torch.load("speaker_labels.pt")
for epoch in range(cfg.epochs):
    for i in range(0, len(mfcc), 64):
        x, y = mfcc[i:i + 64], labels[i:i + 64]
        feats = models["encoder"](x)
        scores = models["classifier"](feats)
        loss = F.nll_loss(scores, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
