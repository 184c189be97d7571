from dataclasses import dataclass, field

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as T


@dataclass
class TrainConfig:
    data_root: str = "./data"
    batch_size: int = 128
    epochs: int = 60
    lr: float = 0.05
    num_classes: int = 10
    mean: tuple = (0.5071, 0.4865, 0.4409)
    std: tuple = (0.2673, 0.2564, 0.2762)
    milestones: list = field(default_factory=lambda: [30, 45])


cfg = TrainConfig()
transform = T.Compose([T.RandomCrop(32, padding=4), T.RandomHorizontalFlip(), T.ToTensor(), T.Normalize(cfg.mean, cfg.std)])
train_set = torchvision.datasets.CIFAR100(cfg.data_root, train=True, download=True, transform=transform)
loader = torch.utils.data.DataLoader(train_set, batch_size=cfg.batch_size, shuffle=True, num_workers=4)

model = torchvision.models.resnet34(weights=None)
model.fc = nn.Linear(model.fc.in_features, cfg.num_classes)
model = model.cuda()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=0.9, weight_decay=5e-4)
scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=cfg.milestones, gamma=0.1)

for epoch in range(cfg.epochs):
    model.train()
    for images, labels in loader:
        images, labels = images.cuda(), labels.cuda()
        loss = criterion(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    scheduler.step()
