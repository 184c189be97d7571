import timm
from torch import nn


class Backbone(nn.Module):
    def __init__(self, name="resnet18", num_classes=37, pretrained=True):
        super().__init__()
        self.encoder = timm.create_model(name, pretrained=pretrained, num_classes=0)
        self.classifier = nn.Linear(self.encoder.num_features, num_classes)

    def forward(self, x):
        return self.classifier(self.encoder(x))
