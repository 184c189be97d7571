from .factory import get_criterion
from .focal import FocalLoss

__all__ = ["FocalLoss", "get_criterion"]
