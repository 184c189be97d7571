"""## What it does
Reports a softmax or log_softmax taken along dim 0 of a (batch, classes) output that a
classification loss (`CrossEntropyLoss`, `NLLLoss`) then reads along dim 1. Without `dim`, PyTorch
picks dim 0 for 0-, 1- and 3-D inputs and dim 1 otherwise: `F.softmax(x)` / `nn.Softmax()` on a
tensor known to be 3-D is reported too (when the rank is not known, nothing is reported). Dim 0 of
a 1-D tensor (one vector of scores) is its class axis: silent.

## Why is this bad?
Dim 0 is the batch. Normalising along it makes each class score a distribution over the samples of
the batch: samples compete with each other, the result depends on the batch size and on which
samples share a batch, and the loss sees numbers that are not class probabilities. Training still
runs, evaluation with another batch size behaves differently, and accuracy stays poor.

## Fix safety
The fix changes `dim=0` to `dim=1`. It is **unsafe**: it changes the model's outputs (for the
better, but code reading them may have adapted to the bug).
"""

from __future__ import annotations

from typing import Iterator, Optional

from lossguard.facts import ProgramFacts
from lossguard.rules.base import ERROR, Example, Fix, Rule, Violation
from lossguard.rules.kit import call_has_keyword, set_keyword_fix


class SoftmaxOverBatchDimension(Rule):
    code = "LG107"
    name = "softmax-over-batch-dimension"
    severity = ERROR
    summary = "softmax/log_softmax along the batch dimension"
    hint = "normalise over the class dimension: dim=1 (or dim=-1)"
    fixable = "unsafe"
    supersedes = ("LG101", "LG104", "LG106")
    frameworks = ("torch",)

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for link in facts.links:
            head, loss = link.head, link.loss
            if head is None or head.framework != "torch" or head.activation not in ("softmax", "log_softmax"):
                continue
            if head.softmax_dim() != 0 or head.location is None:
                continue
            if head.activation_rank is not None and head.activation_rank < 2:
                continue  # a single vector of scores: dim 0 is its only axis, the classes
            if loss.family not in ("categorical", "nll", "sparse_categorical"):
                continue
            at_activation = next((h for h in facts.softmaxes if h.location is head.location), None)
            if at_activation is not None and None not in (at_activation.units, head.units) \
                    and at_activation.units != head.units:
                continue  # viewed so that another axis became the classes the loss reads: dim 0 may be them
            fix: Optional[Fix] = None
            call = head.activation_call if head.activation_form in ("function", "method") else head.activation_at
            if head.activation_form != "module" and call_has_keyword(call, "dim"):
                fix = set_keyword_fix(call, "dim", "1", f"take the {head.activation} over dim=1", "unsafe")
            if not head.dim_given:
                message = (f"{head.activation} without dim on a {head.activation_rank}-D tensor is taken along dim 0 "
                           f"(PyTorch's implicit choice for 0-, 1- and 3-D inputs), not along the classes that "
                           f"{loss.name} reads")
            else:
                message = (f"{head.activation} is taken along dim 0, the batch dimension, but {loss.name} reads classes "
                           f"along dim 1: samples of a batch compete with each other")
            yield Violation(
                head.location,
                message,
                related=((loss.at, "the loss that reads classes along dim 1" if head.dim_given
                          else "the loss that reads the classes"),) if loss.at else (),
                fix=fix,
                facts=link.summary(),
            )

    invalid = [
        Example('''\
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(20, 5)

    def forward(self, x):
        return F.log_softmax(self.fc(x), dim=0)  # <- LG107


model = Net()
loss = F.nll_loss(model(torch.randn(32, 20)), torch.randint(0, 5, (32,)))
'''),
        Example('''\
import torch
from torch import nn

model = nn.Sequential(nn.Linear(20, 5), nn.LogSoftmax(dim=0))  # <- LG107
criterion = nn.NLLLoss()
loss = criterion(model(torch.randn(32, 20)), torch.randint(0, 5, (32,)))
'''),
        Example('''\
import torch
import torch.nn.functional as F

frames = torch.randn(8, 50, 40)  # (batch, time, features)
classifier = torch.nn.Linear(40, 12)
log_probs = F.log_softmax(classifier(frames))  # <- LG107
loss = F.nll_loss(log_probs.reshape(-1, 12), torch.randint(0, 12, (8 * 50,)))
''', "no dim on a 3-D tensor: PyTorch normalises along dim 0"),
    ]
    valid = [
        Example('''\
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Linear(20, 5)
loss = F.nll_loss(F.log_softmax(model(torch.randn(32, 20)), dim=1), torch.randint(0, 5, (32,)))
'''),
        Example('''\
import torch
import torch.nn.functional as F

scores = torch.randn(16)
weights = F.softmax(scores, dim=0)  # a 1-D tensor: dim 0 is the only dimension
'''),
        Example('''\
import torch
import torch.nn.functional as F

scorer = torch.nn.Linear(64, 1)
candidates = torch.randn(20, 64)  # the candidate answers of one question
log_probs = F.log_softmax(scorer(candidates).view(-1), dim=0)  # over the candidates
loss = F.nll_loss(log_probs.view(1, -1), torch.tensor([3]))
'''),
    ]
