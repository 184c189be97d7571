from .classifier import TextCNN

__all__ = ["TextCNN"]
