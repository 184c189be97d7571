import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T

mean, std = (0.5071, 0.4865, 0.4409), (0.2673, 0.2564, 0.2762)
train_tf = T.Compose([T.RandomCrop(32, padding=4), T.RandomHorizontalFlip(), T.ToTensor(), T.Normalize(mean, std)])
trainset = torchvision.datasets.CIFAR100(root="./data", train=True, download=True, transform=train_tf)
trainloader = torch.utils.data.DataLoader(trainset, batch_size=128, shuffle=True, num_workers=2)

device = "cuda" if torch.cuda.is_available() else "cpu"
net = torchvision.models.resnet18(weights=None)
net.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
net.maxpool = nn.Identity()
net.fc = nn.Linear(net.fc.in_features, 10)
net = net.to(device)

criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
optimizer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=200)

for epoch in range(200):
    net.train()
    for inputs, targets in trainloader:
        inputs, targets = inputs.to(device), targets.to(device)
        optimizer.zero_grad()
        loss = criterion(net(inputs), targets)
        loss.backward()
        optimizer.step()
    scheduler.step()
