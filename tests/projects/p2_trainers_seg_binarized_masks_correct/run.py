import torch
from torch.utils.data import DataLoader

from data.lesions import LesionDataset
from models import TinyFCN
from trainers import SegmentationTrainer

device = "cuda" if torch.cuda.is_available() else "cpu"
loader = DataLoader(LesionDataset("data/isic/train"), batch_size=16, shuffle=True)
model = TinyFCN()
trainer = SegmentationTrainer(
    model,
    torch.optim.Adam(model.parameters(), lr=1e-3),
    device,
    pos_weight=torch.tensor([3.0], device=device),
)
for epoch in range(30):
    print(epoch, trainer.run_epoch(loader))
