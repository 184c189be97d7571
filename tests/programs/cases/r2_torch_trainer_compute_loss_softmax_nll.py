import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


class SmallCNN(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 8 * 8, 256), nn.ReLU(),
        )
        self.logits = nn.Linear(256, num_classes)

    def forward(self, x):
        return self.logits(self.body(x))


class ClassificationTrainer:
    def __init__(self, model, lr=1e-3, device="cpu"):
        self.model = model.to(device)
        self.device = device
        self.criterion = nn.NLLLoss()
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)

    def compute_loss(self, logits, targets):
        probs = F.softmax(logits, dim=1)
        return self.criterion(probs, targets)

    def step(self, images, targets):
        images, targets = images.to(self.device), targets.to(self.device)
        self.optimizer.zero_grad()
        loss = self.compute_loss(self.model(images), targets)
        loss.backward()
        self.optimizer.step()
        return loss.item()


tfm = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,) * 3, (0.5,) * 3)])
loader = DataLoader(datasets.SVHN("data", split="train", download=True, transform=tfm), batch_size=128, shuffle=True)
trainer = ClassificationTrainer(SmallCNN(), device="cuda")
for epoch in range(10):
    losses = [trainer.step(x, y) for x, y in loader]
    print(epoch, sum(losses) / len(losses))
