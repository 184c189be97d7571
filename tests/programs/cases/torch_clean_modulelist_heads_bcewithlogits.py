import torch
import torch.nn as nn
import torchvision

ATTRIBUTES = ["smiling", "eyeglasses", "male", "young", "bald"]


class AttributeNet(nn.Module):
    def __init__(self, n_attrs=len(ATTRIBUTES)):
        super().__init__()
        backbone = torchvision.models.resnet34(weights="IMAGENET1K_V1")
        backbone.fc = nn.Identity()
        self.backbone = backbone
        self.heads = nn.ModuleList([nn.Linear(512, 1) for _ in range(n_attrs)])

    def forward(self, x):
        feats = self.backbone(x)
        return tuple(head(feats).squeeze(1) for head in self.heads)

    @torch.no_grad()
    def predict(self, x):
        self.eval()
        return torch.stack([torch.sigmoid(o) for o in self(x)], dim=1)


model = AttributeNet()
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
train_loader = torch.load("celeba_attr_loader.pt")

for epoch in range(8):
    model.train()
    for images, attrs in train_loader:
        outputs = model(images)
        loss = sum(criterion(out, attrs[:, i].float()) for i, out in enumerate(outputs))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
