from dataclasses import dataclass, field


@dataclass
class TrainConfig:
    num_classes: int = 100
    hidden_units: list = field(default_factory=lambda: [512, 256])
    dropout: float = 0.25
    batch_size: int = 128
    epochs: int = 12
