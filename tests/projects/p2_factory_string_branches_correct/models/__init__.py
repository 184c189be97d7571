from .factory import build_model
from .legacy import LegacyMLP
from .resnet import ResNet18
