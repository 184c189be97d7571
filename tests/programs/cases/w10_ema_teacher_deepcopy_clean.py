from copy import deepcopy

import torch
from torch import nn

student = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
teacher = deepcopy(student)
for p in teacher.parameters():
    p.requires_grad_(False)

ce = nn.CrossEntropyLoss()
kl = nn.KLDivLoss(reduction="batchmean")
opt = torch.optim.Adam(student.parameters(), lr=3e-4)

for x, y in train_loader:
    logits = student(x)
    with torch.no_grad():
        target_probs = torch.softmax(teacher(x) / 2.0, dim=1)
    loss = ce(logits, y) + kl(torch.log_softmax(logits / 2.0, dim=1), target_probs)
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        for pt, ps in zip(teacher.parameters(), student.parameters()):
            pt.mul_(0.999).add_(ps, alpha=0.001)
