import torch
from torch.utils.data import DataLoader, TensorDataset

from engine.trainer import Trainer
from models import TinyTransformerClassifier

data = torch.load("data/news_ids.pt")
loader = DataLoader(TensorDataset(data["ids"], data["labels"]), batch_size=32, shuffle=True)
model = TinyTransformerClassifier(vocab_size=30522, num_classes=4)
Trainer(model, loader, epochs=3).train()
