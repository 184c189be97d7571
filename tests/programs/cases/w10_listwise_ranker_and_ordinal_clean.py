import torch
import torch.nn as nn
import torch.nn.functional as F


class ListwiseRanker(nn.Module):
    """Scores every candidate answer of one question; the softmax runs over the candidates."""

    def __init__(self, dim):
        super().__init__()
        self.score = nn.Linear(dim, 1)

    def forward(self, candidates):
        return self.score(candidates).view(-1)


class OrdinalHead(nn.Module):
    """One shared score plus one learned threshold per class."""

    def __init__(self, dim, num_classes):
        super().__init__()
        self.proj = nn.Linear(dim, 1, bias=False)
        self.thresholds = nn.Parameter(torch.zeros(num_classes))

    def forward(self, x):
        return F.log_softmax(self.proj(x) + self.thresholds, dim=1)


ranker = ListwiseRanker(256)
ordinal = OrdinalHead(256, 5)
opt = torch.optim.Adam(list(ranker.parameters()) + list(ordinal.parameters()))

for candidates, gold_index, features, grade in batches:
    log_p = F.log_softmax(ranker(candidates), dim=0)
    rank_loss = F.nll_loss(log_p.view(1, -1), gold_index)
    grade_loss = F.nll_loss(ordinal(features), grade)
    opt.zero_grad()
    (rank_loss + grade_loss).backward()
    opt.step()
