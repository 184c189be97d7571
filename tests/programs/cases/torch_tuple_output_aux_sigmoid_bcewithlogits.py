import torch
import torch.nn as nn
import torchvision


class MultiTaskNet(nn.Module):
    """Classifies the vehicle type and predicts whether it is occluded."""

    def __init__(self, n_types=20):
        super().__init__()
        backbone = torchvision.models.efficientnet_b0(weights="DEFAULT")
        self.shared = nn.Sequential(backbone.features, nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.cls_head = nn.Linear(1280, n_types)
        self.aux_head = nn.Linear(1280, 1)

    def forward(self, x):
        h = self.shared(x)
        return self.cls_head(h), torch.sigmoid(self.aux_head(h))


model = MultiTaskNet()
ce = nn.CrossEntropyLoss()
bce_logits = nn.BCEWithLogitsLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)
train_loader = torch.load("vehicles_loader.pt")

for epoch in range(12):
    model.train()
    for images, types, occluded in train_loader:
        type_logits, occl_pred = model(images)
        loss = ce(type_logits, types) + 0.5 * bce_logits(occl_pred.squeeze(1), occluded.float())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
