from .mlp import MLP
from .resnet import ResNet18

MODELS = {"resnet": ResNet18, "mlp": MLP}


def get_model(name, **kwargs):
    if name not in MODELS:
        raise KeyError(f"unknown model {name!r}; choose from {sorted(MODELS)}")
    return MODELS[name](**kwargs)
