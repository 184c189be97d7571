"""lossguard: a loss-function diagnostic linter for Keras and PyTorch code."""

__version__ = "0.1.0"
