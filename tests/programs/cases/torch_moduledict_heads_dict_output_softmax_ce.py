import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


class FaceAttributes(nn.Module):
    """Predicts age bucket, gender and emotion from a face crop."""

    def __init__(self, heads=None):
        super().__init__()
        heads = heads or {"age": 8, "gender": 2, "emotion": 7}
        backbone = torchvision.models.mobilenet_v3_small(weights="DEFAULT")
        self.features = backbone.features
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.heads = nn.ModuleDict({name: nn.Linear(576, n) for name, n in heads.items()})

    def forward(self, x):
        z = self.pool(self.features(x)).flatten(1)
        return {name: F.softmax(head(z), dim=1) for name, head in self.heads.items()}


model = FaceAttributes()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
loss_weights = {"age": 1.0, "gender": 0.5, "emotion": 1.0}


def train_step(images, targets):
    model.train()
    outputs = model(images)
    loss = sum(loss_weights[k] * criterion(outputs[k], targets[k]) for k in outputs)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


for images, targets in torch.load("faces_train.pt"):
    print(train_step(images, targets))
