from torch import nn

from .base import Trainer


class SegmentationTrainer(Trainer):
    def __init__(self, model, optimizer, device, pos_weight=None):
        super().__init__(model, optimizer, device)
        self.criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight)

    def training_loss(self, batch):
        images, masks = (t.to(self.device) for t in batch)
        logits = self.model(images)
        return self.criterion(logits, masks)
