import torch.nn as nn
import torch.nn.functional as F
import torchvision
import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


class BaseClassifier(nn.Module):
    """Subclasses define self.features (N, C, H, W) and self.head (C -> classes)."""

    def forward(self, x):
        x = self.features(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return F.softmax(self.head(x), dim=1)

    def freeze_features(self):
        for p in self.features.parameters():
            p.requires_grad = False


class ResNetClassifier(BaseClassifier):
    def __init__(self, num_classes):
        super().__init__()
        resnet = torchvision.models.resnet34(weights="IMAGENET1K_V1")
        self.features = nn.Sequential(*list(resnet.children())[:-2])
        self.head = nn.Linear(512, num_classes)


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
