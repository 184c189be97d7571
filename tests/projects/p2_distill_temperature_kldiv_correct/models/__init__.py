from .student import StudentCNN
from .teacher import build_teacher

__all__ = ["StudentCNN", "build_teacher"]
