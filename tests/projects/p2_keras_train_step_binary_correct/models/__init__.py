from .base import GradAccumModel
from .sentiment import build_sentiment_model

__all__ = ["GradAccumModel", "build_sentiment_model"]
