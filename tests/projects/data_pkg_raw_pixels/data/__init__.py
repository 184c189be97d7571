from .loader import load_images

__all__ = ["load_images"]
