import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from models import get_model

train_ds = datasets.FashionMNIST("data", train=True, download=True, transform=transforms.ToTensor())
loader = DataLoader(train_ds, batch_size=128, shuffle=True)

model = get_model("resnet", in_channels=1, num_classes=10)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)

for epoch in range(10):
    for images, labels in loader:
        logits = model(images)
        loss = criterion(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
