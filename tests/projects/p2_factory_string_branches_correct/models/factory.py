from .legacy import LegacyMLP
from .resnet import ResNet18


def build_model(name: str, num_classes: int):
    name = name.lower()
    if name == "resnet18":
        model = ResNet18(num_classes=num_classes)
    elif name in ("mlp", "legacy_mlp"):
        model = LegacyMLP(num_classes=num_classes)
    else:
        raise ValueError(f"unknown architecture {name!r}")
    return model
