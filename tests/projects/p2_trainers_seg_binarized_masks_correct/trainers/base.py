from abc import ABC, abstractmethod

import torch


class Trainer(ABC):
    def __init__(self, model, optimizer, device):
        self.model = model.to(device)
        self.optimizer = optimizer
        self.device = device

    @abstractmethod
    def training_loss(self, batch):
        """Return the scalar loss to back-propagate for one batch."""

    def run_epoch(self, loader):
        self.model.train()
        for batch in loader:
            loss = self.training_loss(batch)
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
        return loss.item()

    @torch.no_grad()
    def predict(self, images):
        self.model.eval()
        return torch.sigmoid(self.model(images.to(self.device)))
