"""Experiment configurations, looked up by name."""
from .base import ExperimentConfig
from .cifar import CIFAR10, CIFAR100

_REGISTRY = {
    "cifar10": CIFAR10,
    "cifar100": CIFAR100,
}


def get_config(name: str) -> ExperimentConfig:
    if name not in _REGISTRY:
        raise KeyError(f"unknown config {name!r}; choose from {sorted(_REGISTRY)}")
    return _REGISTRY[name]


__all__ = ["ExperimentConfig", "get_config", "CIFAR10", "CIFAR100"]
