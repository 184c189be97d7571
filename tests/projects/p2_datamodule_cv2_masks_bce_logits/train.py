import torch
from torch import nn

from datamodule import make_loaders
from unet import UNet

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
train_loader, val_loader = make_loaders("data/roads", batch_size=8)
model = UNet().to(device)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)


def dice(logits, target, eps=1e-6):
    pred = (torch.sigmoid(logits) > 0.5).float()
    inter = (pred * target).sum()
    return (2 * inter + eps) / (pred.sum() + target.sum() + eps)


for epoch in range(40):
    model.train()
    for images, masks in train_loader:
        images, masks = images.to(device), masks.to(device)
        logits = model(images)
        loss = criterion(logits, masks)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    model.eval()
    with torch.no_grad():
        scores = [dice(model(x.to(device)), y.to(device) / 255.0).item() for x, y in val_loader]
    print(f"epoch {epoch}: val dice {sum(scores) / len(scores):.3f}")
