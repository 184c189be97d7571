from .base import Trainer
from .segmentation import SegmentationTrainer
