from .net import Net as Model

__all__ = ["Model"]
