from .mlp import MLPBaseline
from .resnet import ResNet18


def build_model(name, num_classes, image_size=224):
    if name == "resnet18":
        return ResNet18(num_classes=num_classes)
    elif name == "mlp":
        return MLPBaseline(image_size, num_classes)
    else:
        raise ValueError(f"unknown model: {name}")
