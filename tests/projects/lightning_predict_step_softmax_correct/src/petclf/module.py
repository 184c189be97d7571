import pytorch_lightning as pl
import torch
from torch import nn

from petclf.backbone import Backbone


class PetClassifier(pl.LightningModule):
    def __init__(self, num_classes=37, lr=3e-4):
        super().__init__()
        self.save_hyperparameters()
        self.net = Backbone(num_classes=num_classes)
        self.loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)

    def forward(self, x):
        return self.net(x)

    def training_step(self, batch, batch_idx):
        images, labels = batch
        loss = self.loss_fn(self(images), labels)
        self.log("train/loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        images, labels = batch
        logits = self(images)
        self.log("val/loss", self.loss_fn(logits, labels))
        self.log("val/acc", (logits.argmax(1) == labels).float().mean())

    def predict_step(self, batch, batch_idx, dataloader_idx=0):
        images, _ = batch
        return torch.softmax(self(images), dim=1)

    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.parameters(), lr=self.hparams.lr)
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=self.hparams.lr, total_steps=self.trainer.estimated_stepping_batches)
        return [opt], [{"scheduler": sched, "interval": "step"}]
