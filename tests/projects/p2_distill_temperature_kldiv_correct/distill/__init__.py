from .losses import DistillationLoss
