import pytorch_lightning as pl
import torch
from torch.utils.data import DataLoader

from sentiment import LitClassifier

train_set = torch.load("data/sst3_train.pt")
val_set = torch.load("data/sst3_val.pt")
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
val_loader = DataLoader(val_set, batch_size=256)

epochs = 8
model = LitClassifier(vocab_size=25_000, num_classes=3, total_steps=epochs * len(train_loader))
trainer = pl.Trainer(max_epochs=epochs, accelerator="auto", gradient_clip_val=1.0)
trainer.fit(model, train_loader, val_loader)
