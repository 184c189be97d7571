import torch
import torch.nn as nn
from torchvision import models

model = models.resnet34(weights=models.ResNet34_Weights.DEFAULT)
model.fc = nn.Linear(model.fc.in_features, 1)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)

scratch = models.resnet18(num_classes=4)
ce = nn.CrossEntropyLoss()

for images, target, coarse in loader:
    optimizer.zero_grad()
    loss = criterion(model(images).squeeze(1), target.float()) + ce(scratch(images), coarse)
    loss.backward()
    optimizer.step()
