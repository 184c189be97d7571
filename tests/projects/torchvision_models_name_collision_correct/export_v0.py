import torch

import models

net = models.resnet18()
net.load_state_dict(torch.load("v0.pt"))
net.eval()
with torch.no_grad():
    print(net(torch.randn(1, 3, 32, 32)))
