from .wide import WideNet
