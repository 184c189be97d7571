"""SMS spam classifier."""

__version__ = "0.2.0"
