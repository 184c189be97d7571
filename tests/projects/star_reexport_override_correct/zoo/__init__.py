# v1 kept for backwards compatibility; v2 overrides build_model.
from .v1 import *
from .v2 import *
