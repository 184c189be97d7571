"""Focal loss in the style of pytorch-loss FocalLossV1: the sigmoid of the logits is used only to
build the focal weights; the cross-entropy itself gets the raw logits (BCEWithLogitsLoss)."""
import torch
import torch.nn as nn


class FocalLossV1(nn.Module):
    def __init__(self, alpha=0.25, gamma=2, reduction="mean"):
        super().__init__()
        self.alpha = alpha
        self.gamma = gamma
        self.reduction = reduction
        self.crit = nn.BCEWithLogitsLoss(reduction="none")

    def forward(self, logits, label):
        logits = logits.float()
        with torch.no_grad():
            alpha = torch.empty_like(logits).fill_(1 - self.alpha)
            alpha[label == 1] = self.alpha
        probs = torch.sigmoid(logits)
        pt = torch.where(label == 1, probs, 1 - probs)
        ce_loss = self.crit(logits, label.float())
        loss = alpha * torch.pow(1 - pt, self.gamma) * ce_loss
        if self.reduction == "mean":
            loss = loss.mean()
        if self.reduction == "sum":
            loss = loss.sum()
        return loss


class Scorer(nn.Module):
    def __init__(self, n_in=128):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_in, 256), nn.ReLU(), nn.Linear(256, 20))

    def forward(self, x):
        return self.body(x)


scorer = Scorer()
focal = FocalLossV1()
opt = torch.optim.SGD(scorer.parameters(), lr=0.05, momentum=0.9)
feats = torch.randn(1024, 128)
multi_hot = (torch.rand(1024, 20) > 0.9).long()

for it in range(300):
    opt.zero_grad()
    loss = focal(scorer(feats), multi_hot)
    loss.backward()
    opt.step()
