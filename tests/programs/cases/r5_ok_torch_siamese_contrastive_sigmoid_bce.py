"""Siamese network for signature verification: contrastive loss on embeddings plus a
same/different head (sigmoid + BCELoss) on |e1 - e2|."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ContrastiveLoss(nn.Module):
    def __init__(self, margin=2.0):
        super().__init__()
        self.margin = margin

    def forward(self, e1, e2, same):
        d = F.pairwise_distance(e1, e2)
        return torch.mean(same * d.pow(2) + (1 - same) * torch.clamp(self.margin - d, min=0.0).pow(2))


class SiameseNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.cnn = nn.Sequential(
            nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.AdaptiveAvgPool2d(4), nn.Flatten(), nn.Linear(64 * 16, 128),
        )
        self.same_head = nn.Sequential(nn.Linear(128, 1), nn.Sigmoid())

    def embed(self, x):
        return F.normalize(self.cnn(x), dim=1)

    def forward(self, a, b):
        ea, eb = self.embed(a), self.embed(b)
        return ea, eb, self.same_head(torch.abs(ea - eb)).squeeze(1)


def pair_batches(n, bs=32):
    for _ in range(n):
        a = torch.rand(bs, 1, 64, 64)
        b = torch.rand(bs, 1, 64, 64)
        same = torch.randint(0, 2, (bs,)).float()
        yield a, b, same


net = SiameseNet()
contrastive = ContrastiveLoss()
bce = nn.BCELoss()
optimizer = torch.optim.Adam(net.parameters(), lr=5e-4)

for it, (a, b, same) in enumerate(pair_batches(2000)):
    ea, eb, p_same = net(a, b)
    loss = contrastive(ea, eb, same) + bce(p_same, same)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if it % 200 == 0:
        print(it, loss.item())
