from dataclasses import dataclass, field


@dataclass
class TrainConfig:
    csv_path: str = "data/energy_efficiency.csv"
    target: str = "heating_load"
    loss: str = "huber"
    optimizer: str = "adam"
    learning_rate: float = 3e-3
    epochs: int = 300
    batch_size: int = 32
    hidden: tuple = (64, 32)
    features: list = field(default_factory=lambda: [f"X{i}" for i in range(1, 9)])
