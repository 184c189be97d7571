from .base import ExperimentConfig

CIFAR10 = ExperimentConfig(name="cifar10", num_classes=10)
CIFAR100 = ExperimentConfig(name="cifar100", num_classes=100, epochs=60)
