"""Token confidence head in the style of LightGlue: `self.token` is Linear + Sigmoid for inference,
but the training loss runs only `self.token[0]` (the Linear) and feeds those logits to
BCEWithLogitsLoss -- so the sigmoid is applied once, not twice."""
import torch
from torch import nn


class TokenConfidence(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.token = nn.Sequential(nn.Linear(dim, 1), nn.Sigmoid())
        self.loss_fn = nn.BCEWithLogitsLoss(reduction="none")

    def forward(self, desc0, desc1):
        return (self.token(desc0.detach()).squeeze(-1),
                self.token(desc1.detach()).squeeze(-1))

    def loss(self, desc0, desc1, correct0, correct1):
        logit0 = self.token[0](desc0.detach()).squeeze(-1)
        logit1 = self.token[0](desc1.detach()).squeeze(-1)
        return (self.loss_fn(logit0, correct0.float()).mean(-1)
                + self.loss_fn(logit1, correct1.float()).mean(-1)) / 2.0


head = TokenConfidence(256)
optim = torch.optim.Adam(head.parameters(), lr=1e-4)
for _ in range(100):
    d0, d1 = torch.randn(4, 512, 256), torch.randn(4, 480, 256)
    c0, c1 = torch.rand(4, 512) > 0.5, torch.rand(4, 480) > 0.5
    optim.zero_grad()
    loss = head.loss(d0, d1, c0, c1).mean()
    loss.backward()
    optim.step()

with torch.no_grad():
    conf0, conf1 = head(torch.randn(1, 512, 256), torch.randn(1, 480, 256))
