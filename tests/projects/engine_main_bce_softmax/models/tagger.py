import torch.nn as nn
import torchvision


class ImageTagger(nn.Module):
    """ResNet-18 backbone with a multi-label head (one unit per tag)."""

    def __init__(self, num_tags, pretrained=True):
        super().__init__()
        weights = torchvision.models.ResNet18_Weights.DEFAULT if pretrained else None
        backbone = torchvision.models.resnet18(weights=weights)
        in_features = backbone.fc.in_features
        backbone.fc = nn.Identity()
        self.backbone = backbone
        self.head = nn.Sequential(
            nn.Dropout(0.3),
            nn.Linear(in_features, num_tags),
            nn.Softmax(dim=1),
        )

    def forward(self, images):
        return self.head(self.backbone(images))
