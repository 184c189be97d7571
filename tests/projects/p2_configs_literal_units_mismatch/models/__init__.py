from .convnet import build_convnet

__all__ = ["build_convnet"]
