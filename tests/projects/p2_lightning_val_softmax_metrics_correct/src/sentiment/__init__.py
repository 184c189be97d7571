from .model import LitClassifier

__all__ = ["LitClassifier"]
