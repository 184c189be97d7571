from dataclasses import dataclass


@dataclass(frozen=True)
class ExperimentConfig:
    name: str
    num_classes: int
    image_size: int = 32
    batch_size: int = 128
    epochs: int = 30
    learning_rate: float = 1e-3
