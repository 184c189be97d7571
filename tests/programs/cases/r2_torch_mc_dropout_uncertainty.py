import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_loader = DataLoader(datasets.MNIST("data", train=True, download=True, transform=transform), batch_size=128, shuffle=True)
test_loader = DataLoader(datasets.MNIST("data", train=False, transform=transform), batch_size=512)


class BayesianMLP(nn.Module):
    def __init__(self, p=0.3):
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(),
            nn.Linear(784, 512), nn.ReLU(), nn.Dropout(p),
            nn.Linear(512, 512), nn.ReLU(), nn.Dropout(p),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        return self.net(x)


model = BayesianMLP()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
for epoch in range(10):
    model.train()
    for x, y in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()


def enable_dropout(m):
    for module in m.modules():
        if isinstance(module, nn.Dropout):
            module.train()


@torch.no_grad()
def mc_predict(model, x, n_samples=50):
    model.eval()
    enable_dropout(model)
    probs = torch.stack([torch.softmax(model(x), dim=1) for _ in range(n_samples)])
    mean = probs.mean(dim=0)
    entropy = -(mean * torch.log(mean + 1e-12)).sum(dim=1)
    return mean, entropy


for x, y in test_loader:
    mean, entropy = mc_predict(model, x)
    acc = (mean.argmax(dim=1) == y).float().mean()
    print(f"acc {acc:.3f}  mean predictive entropy {entropy.mean():.3f}")
    break
