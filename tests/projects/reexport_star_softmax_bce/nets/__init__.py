from .blocks import ResidualBlock
from .resnet import *
