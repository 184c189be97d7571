from .regressor import build_regressor
