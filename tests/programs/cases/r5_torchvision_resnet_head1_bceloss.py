"""Cats vs dogs: fine-tune a pretrained ResNet-18 with a single-output head."""
import torch
import torch.nn as nn
from torchvision import datasets, models, transforms

tfm = transforms.Compose([
    transforms.RandomResizedCrop(224),
    transforms.RandomHorizontalFlip(),
    transforms.ToTensor(),
    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
])
train_set = datasets.ImageFolder("data/cats_vs_dogs/train", transform=tfm)
train_loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True, num_workers=4)

model = models.resnet18(weights=models.ResNet18_Weights.IMAGENET1K_V1)
for p in model.parameters():
    p.requires_grad = False
model.fc = nn.Linear(model.fc.in_features, 1)
model = model.cuda()

criterion = nn.BCELoss()
optimizer = torch.optim.Adam(model.fc.parameters(), lr=1e-3)

for epoch in range(5):
    running = 0.0
    for inputs, labels in train_loader:
        inputs, labels = inputs.cuda(), labels.float().cuda()
        optimizer.zero_grad()
        outputs = model(inputs).squeeze(1)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        running += loss.item() * inputs.size(0)
    print(f"epoch {epoch}: {running / len(train_set):.4f}")
