import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


class AudioCNN(nn.Module):
    def __init__(self, n_mels=64, n_classes=35):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.AdaptiveAvgPool2d((4, 4)),
        )
        self.head = nn.Linear(32 * 4 * 4, n_classes)

    def forward(self, spec):
        out = self.head(self.conv(spec).flatten(1))
        return nn.functional.softmax(out, dim=-1)


def train(model, loader, optimizer, loss_fn, epochs=10, device="cpu"):
    model.to(device)
    for epoch in range(epochs):
        model.train()
        for spec, target in loader:
            spec, target = spec.to(device), target.to(device)
            pred = model(spec)
            loss = loss_fn(pred, target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch} loss {loss.item():.3f}")


if __name__ == "__main__":
    train_set = torch.load("speech_commands_melspec.pt")
    loader = DataLoader(train_set, batch_size=256, shuffle=True)
    model = AudioCNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    train(model, loader, optimizer, nn.functional.cross_entropy, epochs=20)
