"""CIFAR-10 with mixup: the labels are mixed first (y = lam * ya + (1 - lam) * yb) and trained with a
soft-target cross-entropy on log_softmax; evaluation uses CrossEntropyLoss with label smoothing."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
import torchvision.transforms as T


class SoftTargetCrossEntropy(nn.Module):
    def forward(self, x, target):
        loss = torch.sum(-target * F.log_softmax(x, dim=-1), dim=-1)
        return loss.mean()


def mixup(x, y, num_classes, alpha=0.2):
    lam = np.random.beta(alpha, alpha)
    index = torch.randperm(x.size(0))
    y1 = F.one_hot(y, num_classes).float()
    mixed_x = lam * x + (1 - lam) * x[index]
    mixed_y = lam * y1 + (1 - lam) * y1[index]
    return mixed_x, mixed_y


transform = T.Compose([T.RandomCrop(32, padding=4), T.RandomHorizontalFlip(), T.ToTensor(),
                       T.Normalize((0.4914, 0.4822, 0.4465), (0.247, 0.243, 0.261))])
trainset = torchvision.datasets.CIFAR10("./data", train=True, download=True, transform=transform)
loader = torch.utils.data.DataLoader(trainset, batch_size=128, shuffle=True, num_workers=2)

net = torchvision.models.resnet18(num_classes=10)
train_criterion = SoftTargetCrossEntropy()
eval_criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
optimizer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)

for epoch in range(200):
    net.train()
    for inputs, targets in loader:
        inputs, soft = mixup(inputs, targets, num_classes=10)
        optimizer.zero_grad()
        loss = train_criterion(net(inputs), soft)
        loss.backward()
        optimizer.step()
    net.eval()
    with torch.no_grad():
        x, y = next(iter(loader))
        print(epoch, eval_criterion(net(x), y).item())
