from . import convnet, mlp  # noqa: F401  (populate the registry)
from .registry import MODEL_REGISTRY, build_model
