from torch import nn

from .base import BaseTrainer


class ClassificationTrainer(BaseTrainer):
    """Single-label classification with label smoothing."""

    def __init__(self, model, optimizer, label_smoothing=0.1, **kwargs):
        self.label_smoothing = label_smoothing
        super().__init__(model, optimizer, **kwargs)

    def build_criterion(self):
        return nn.CrossEntropyLoss(label_smoothing=self.label_smoothing)
