import torch
import torch.nn as nn
from torchvision import datasets, transforms


def make_classifier(in_dim, n_classes, hidden=(512, 256), p_drop=0.2):
    layers = []
    prev = in_dim
    for h in hidden:
        layers += [nn.Linear(prev, h), nn.BatchNorm1d(h), nn.ReLU(), nn.Dropout(p_drop)]
        prev = h
    layers += [nn.Linear(prev, n_classes), nn.Softmax(dim=1)]
    return nn.Sequential(*layers)


transform = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize((0.1307,), (0.3081,)),
    transforms.Lambda(torch.flatten),
])
train_loader = torch.utils.data.DataLoader(
    datasets.KMNIST("data", train=True, download=True, transform=transform),
    batch_size=128, shuffle=True)

net = make_classifier(784, 10)
criterion = nn.NLLLoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)

for epoch in range(15):
    running = 0.0
    for images, targets in train_loader:
        optimizer.zero_grad()
        output = net(images)
        loss = criterion(output, targets)
        loss.backward()
        optimizer.step()
        running += loss.item()
    print(epoch, running / len(train_loader))
