import abc

import torch


class BaseTrainer(abc.ABC):
    """Owns the loop; subclasses decide what the loss is."""

    def __init__(self, model, optimizer, device="cpu", log_every=50):
        self.model = model.to(device)
        self.optimizer = optimizer
        self.device = device
        self.log_every = log_every
        self.criterion = self.build_criterion()

    @abc.abstractmethod
    def build_criterion(self):
        raise NotImplementedError

    def compute_loss(self, inputs, targets):
        outputs = self.model(inputs)
        return self.criterion(outputs, targets)

    def train_epoch(self, loader):
        self.model.train()
        total = 0.0
        for step, (inputs, targets) in enumerate(loader):
            inputs, targets = inputs.to(self.device), targets.to(self.device)
            self.optimizer.zero_grad(set_to_none=True)
            loss = self.compute_loss(inputs, targets)
            loss.backward()
            self.optimizer.step()
            total += loss.item()
            if step % self.log_every == 0:
                print(f"step {step}: loss {loss.item():.4f}")
        return total / max(1, len(loader))

    @torch.no_grad()
    def evaluate(self, loader):
        self.model.eval()
        correct = seen = 0
        for inputs, targets in loader:
            preds = self.model(inputs.to(self.device)).argmax(dim=1).cpu()
            correct += (preds == targets).sum().item()
            seen += targets.numel()
        return correct / max(1, seen)

    def fit(self, train_loader, val_loader=None, epochs=1):
        for epoch in range(epochs):
            avg = self.train_epoch(train_loader)
            msg = f"epoch {epoch}: train loss {avg:.4f}"
            if val_loader is not None:
                msg += f", val acc {self.evaluate(val_loader):.3f}"
            print(msg)
