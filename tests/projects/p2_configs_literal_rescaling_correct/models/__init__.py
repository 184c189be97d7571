from .wide import build_wrn
