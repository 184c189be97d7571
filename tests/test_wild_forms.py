"""The forms of code found in real repositories (issue 10): each taught to the analyser as a form (an API,
a data flow), each with a buggy program and a correct trap, in styles other than the ones that
revealed them. Larger whole programs live in tests/programs/cases/ (the `w10_` files)."""

import pytest

from lossguard.testing import check_code

CASES = {
    # ------------------------------------------------------------------ shapes: rank, reshape, broadcasting
    "implicit softmax dim on a 3-D LSTM output (LG107)": ('''
import torch
import torch.nn as nn
import torch.nn.functional as F
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(16, 32, batch_first=True)
        self.proj = nn.Linear(32, 5)
    def forward(self, x):
        h, _ = self.rnn(x)
        return F.log_softmax(self.proj(h))
tokens = torch.randn(4, 12, 16)
tags = torch.randint(0, 5, (4, 12))
out = Tagger()(tokens)
F.nll_loss(out.reshape(-1, 5), tags.reshape(-1)).backward()
''', ["LG107"]),
    "implicit softmax dim on an explicit 3-D view (nn.Softmax(), LG107)": ('''
import torch
from torch import nn
head = nn.Linear(64, 7)
act = nn.Softmax()
feats = torch.rand(8, 64)
seq = head(feats).view(2, 4, 7)
loss = nn.CrossEntropyLoss()(act(seq).view(-1, 7), torch.randint(0, 7, (8,)))
''', ["LG107"]),
    "implicit softmax dim on a 2-D batch: dim 1 (LG104 only)": ('''
import torch
import torch.nn.functional as F
layer = torch.nn.Linear(20, 6)
probs = F.softmax(layer(torch.randn(16, 20)))
loss = F.cross_entropy(probs, torch.randint(0, 6, (16,)))
''', ["LG104"]),
    "implicit softmax dim, rank unknown (LG104 only, no LG107)": ('''
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(20, 6)
    def forward(self, x):
        return F.softmax(self.fc(x))
net = Net()
for xb, yb in loader:
    F.cross_entropy(net(xb), yb).backward()
''', ["LG104"]),
    "log_softmax(dim=0) over a 1-D vector of candidate scores (silent)": ('''
import torch
import torch.nn as nn
scorer = nn.Linear(16, 1)
nll = nn.NLLLoss()
for cands, gold in questions:
    s = scorer(cands).view(-1)
    logp = torch.log_softmax(s, dim=0)
    nll(logp.view(1, -1), gold).backward()
''', []),
    "softmax(dim=0) of a batch of 2-D rows (LG107 still)": ('''
import torch
from torch import nn
m = nn.Linear(10, 3)
out = torch.softmax(m(torch.randn(32, 10)), dim=0)
loss = nn.NLLLoss()(torch.log(out), torch.randint(0, 3, (32,)))
''', ["LG107"]),
    "one-unit scores viewed as one row of candidates, then CE (silent, not LG204)": ('''
import torch
import torch.nn as nn
rank_head = nn.Linear(32, 1)
ce = nn.CrossEntropyLoss()
for feats, answer in batches:
    logits = rank_head(feats).view(1, -1)
    ce(logits, answer).backward()
''', []),
    "resize to an unknown width before a categorical loss (silent, not LG204)": ('''
import torch
from torch import nn
J = compute_width()
fc = nn.Linear(100, 1)
def step(x, y):
    y_pred = fc(x)
    y_pred = y_pred.resize(1, J + 1)
    return nn.functional.cross_entropy(y_pred, y)
step(a, b).backward()
''', []),
    "reshaped to a literal width of one (LG204 kept)": ('''
import torch
from torch import nn
fc = nn.Linear(100, 4)
loss = nn.CrossEntropyLoss()(fc(torch.randn(8, 100)).view(-1, 1), torch.zeros(32, dtype=torch.long))
''', ["LG204"]),
    "one unit without reshape (LG204 kept)": ('''
import torch
from torch import nn
fc = nn.Linear(100, 1)
loss = nn.CrossEntropyLoss()(fc(torch.randn(8, 100)), torch.zeros(8, dtype=torch.long))
''', ["LG204"]),
    "one unit plus a per-class bias of unknown shape, then softmax (silent, not LG102)": ('''
import torch
import torch.nn as nn
class Ordinal(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.score = nn.Linear(64, 1)
        self.cutpoints = nn.Parameter(torch.zeros(num_classes))
    def forward(self, x):
        return torch.softmax(self.score(x) + self.cutpoints, dim=1)
model = Ordinal(5)
probs = model(torch.randn(4, 64))
loss = nn.NLLLoss()(torch.log(probs), torch.randint(0, 5, (4,)))
''', []),
    "one unit times a scalar temperature, then softmax (LG102 kept)": ('''
import torch
import torch.nn as nn
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(64, 1)
    def forward(self, x):
        return torch.softmax(self.fc(x) / 0.5, dim=1)
loss = nn.BCELoss()(M()(torch.randn(4, 64)), torch.ones(4, 1))
''', ["LG102"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_wild_form(name):
    code, expected = CASES[name]
    assert sorted(f.rule for f in check_code(code)) == sorted(expected)
