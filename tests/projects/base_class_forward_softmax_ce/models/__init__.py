from .base import BaseClassifier
from .resnet import ResNetClassifier
