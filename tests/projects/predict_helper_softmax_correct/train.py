import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from inference import predict, predict_labels
from net import DigitNet

tfm = transforms.ToTensor()
train_loader = DataLoader(datasets.MNIST("data", train=True, download=True, transform=tfm), batch_size=64, shuffle=True)
test_loader = DataLoader(datasets.MNIST("data", train=False, transform=tfm), batch_size=512)

model = DigitNet()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(5):
    model.train()
    for images, labels in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
    correct = sum((predict_labels(model, x) == y).sum().item() for x, y in test_loader)
    print(f"epoch {epoch}: test acc {correct / len(test_loader.dataset):.4f}")

sample, _ = next(iter(test_loader))
print(predict(model, sample[:4]))
