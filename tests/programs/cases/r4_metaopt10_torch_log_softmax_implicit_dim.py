"""MNIST MLP used as the optimizee of a learned optimiser. `F.log_softmax(x)` has no dim: on a 2-D
(batch, classes) tensor PyTorch's implicit choice is dim=1 (with a deprecation warning), so the
normalisation is over the classes and F.nll_loss gets proper log-probabilities."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision import datasets, transforms


class MNISTNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear1 = nn.Linear(28 * 28, 32)
        self.linear2 = nn.Linear(32, 10)

    def forward(self, x):
        x = x.view(-1, 28 * 28)
        x = F.relu(self.linear1(x))
        x = self.linear2(x)
        return F.log_softmax(x)


loader = torch.utils.data.DataLoader(
    datasets.MNIST("../data", train=True, download=True,
                   transform=transforms.Compose([transforms.ToTensor(),
                                                 transforms.Normalize((0.1307,), (0.3081,))])),
    batch_size=128, shuffle=True)

net = MNISTNet()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
for data, target in loader:
    opt.zero_grad()
    loss = F.nll_loss(net(data), target)
    loss.backward()
    opt.step()
