"""Multi-label tagging of short product descriptions."""
__version__ = "0.4.0"
