from .model import build_text_model

__all__ = ["build_text_model"]
