import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

import config as cfg
from models import build_model

normalize = transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616))
train_set = datasets.CIFAR10(
    "data",
    train=True,
    download=True,
    transform=transforms.Compose([transforms.RandomCrop(32, 4), transforms.RandomHorizontalFlip(), transforms.ToTensor(), normalize]),
)
loader = DataLoader(train_set, batch_size=cfg.BATCH_SIZE, shuffle=True, num_workers=4)

model = build_model("resnet18", num_classes=cfg.NUM_CLASSES).cuda()
criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=cfg.EPOCHS)

for epoch in range(cfg.EPOCHS):
    model.train()
    for inputs, targets in loader:
        inputs, targets = inputs.cuda(), targets.cuda()
        loss = criterion(model(inputs), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    scheduler.step()
