from .base import BaseTrainer
from .classification import ClassificationTrainer

__all__ = ["BaseTrainer", "ClassificationTrainer"]
