import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from models import ResNetClassifier

tfm = transforms.Compose([
    transforms.RandomResizedCrop(224),
    transforms.ToTensor(),
    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
])
ds = datasets.ImageFolder("data/birds/train", transform=tfm)
loader = DataLoader(ds, batch_size=32, shuffle=True, num_workers=4)

model = ResNetClassifier(num_classes=len(ds.classes))
model.freeze_features()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.head.parameters(), lr=0.01, momentum=0.9)
for epoch in range(5):
    for images, labels in loader:
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
