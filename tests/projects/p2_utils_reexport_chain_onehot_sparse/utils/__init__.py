"""Shared helpers (data loading, label encoding)."""
from .data import *  # noqa: F401,F403

__all__ = ["CLASS_NAMES", "load_fashion_mnist", "one_hot"]
