"""## What it does
Reports `nn.NLLLoss` / `F.nll_loss` receiving something other than log-probabilities: raw logits
(a linear output), softmax probabilities, or the log of log-probabilities (`torch.log` of a
`log_softmax`, or a module ending in `log_softmax` under skorch's `NeuralNetClassifier`, which takes
the log of the module's output itself when the criterion is `NLLLoss`).

## Why is this bad?
`NLLLoss` does no math of its own beyond picking `-input[target]`: it assumes its input is already
`log_softmax`. On raw logits the loss is unbounded below (the model can drive it to minus infinity
by inflating one score); on probabilities it minimises `-p` instead of `-log p`, which gives weak,
badly scaled gradients. Either way the numbers reported as "loss" are not a cross-entropy.

## Fix safety
For a linear output the safe fix uses `F.cross_entropy` / `nn.CrossEntropyLoss` (log_softmax +
NLL in one call, the model is unchanged). For a softmax output, replacing `softmax` by
`log_softmax` is **unsafe**: callers of the model then receive log-probabilities.
"""

from __future__ import annotations

from typing import Iterator, Optional

from lossguard.facts import UNBOUNDED, ProgramFacts
from lossguard.rules.base import ERROR, Example, Fix, Rule, Violation
from lossguard.rules.kit import rename_call_fix


class NllLossWithoutLogSoftmax(Rule):
    code = "LG106"
    name = "nll-loss-without-log-softmax"
    severity = ERROR
    summary = "NLLLoss fed with logits or probabilities instead of log-probabilities"
    hint = "end the model with log_softmax, or use CrossEntropyLoss on raw logits"
    fixable = "sometimes"

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for link in facts.links:
            head, loss = link.head, link.loss
            if head is None or loss.family != "nll":
                continue
            fix: Optional[Fix] = None
            if head.activation == "softmax" and head.location is not None:
                what, where = "softmax probabilities", head.location
                if head.activation_form in ("function", "method"):
                    fix = rename_call_fix(head.activation_call, "softmax", "log_softmax",
                                          "use log_softmax instead of softmax", "unsafe")
            elif head.activation == "log_log_softmax" and head.location is not None:
                what, where = "the log of log-probabilities (a log taken of log_softmax: NaN)", head.location
            elif head.activation in UNBOUNDED:
                where = head.layer_at if head.activation == "linear" else head.location
                what = "raw logits" if head.activation == "linear" else f"a {head.activation} output"
                if head.activation == "linear":
                    fix = (rename_call_fix(loss.at, "NLLLoss", "CrossEntropyLoss", "use nn.CrossEntropyLoss", "safe")
                           or rename_call_fix(loss.at, "nll_loss", "cross_entropy", "use F.cross_entropy", "safe"))
            else:
                continue
            if where is None:
                continue
            yield Violation(
                where,
                f"{loss.name} receives {what}; it expects log-probabilities (the output of log_softmax)",
                related=((loss.at, "the NLL loss"),) if loss.at else (),
                fix=fix,
                facts=link.summary(),
            )

    invalid = [
        Example('''\
import torch
import torch.nn as nn
import torch.nn.functional as F


class CharRNN(nn.Module):
    def __init__(self, n_chars, hidden=128):
        super().__init__()
        self.rnn = nn.GRU(n_chars, hidden, batch_first=True)
        self.decoder = nn.Linear(hidden, n_chars)  # <- LG106

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.decoder(out[:, -1])


model = CharRNN(n_chars=64)


def train_step(batch, target):
    loss = F.nll_loss(model(batch), target)
    loss.backward()
    return loss.item()
'''),
        Example('''\
import torch
import torch.nn as nn


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(30, 100), nn.ReLU(), nn.Linear(100, 4))
        self.softmax = nn.Softmax(dim=1)

    def forward(self, x):
        return self.softmax(self.layers(x))  # <- LG106


model = MLP()
criterion = nn.NLLLoss()
loss = criterion(model(torch.randn(64, 30)), torch.randint(0, 4, (64,)))
'''),
    ]
    valid = [
        Example('''\
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(128, 10)

    def forward(self, x):
        return F.log_softmax(self.fc(x), dim=1)


def train(model, loader, optimizer):
    for data, target in loader:
        optimizer.zero_grad()
        loss = F.nll_loss(model(data), target)
        loss.backward()
        optimizer.step()


train(Net(), [], None)
'''),
        Example('''\
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(30, 4), nn.Softmax(dim=1))
criterion = nn.NLLLoss()
loss = criterion(torch.log(model(torch.randn(8, 30)) + 1e-9), torch.randint(0, 4, (8,)))
''', "log of the softmax is a log-probability"),
    ]
