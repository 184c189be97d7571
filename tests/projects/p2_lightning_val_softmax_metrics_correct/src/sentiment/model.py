import pytorch_lightning as pl
import torch
import torch.nn.functional as F
from torch import nn
from torchmetrics import Accuracy

from .encoder import GRUEncoder


class LitClassifier(pl.LightningModule):
    def __init__(self, vocab_size, num_classes=3, lr=1e-3, total_steps=10_000):
        super().__init__()
        self.save_hyperparameters()
        self.encoder = GRUEncoder(vocab_size, num_classes=num_classes)
        self.criterion = nn.CrossEntropyLoss()
        self.val_acc = Accuracy(task="multiclass", num_classes=num_classes)

    def forward(self, tokens):
        return self.encoder(tokens)

    def training_step(self, batch, batch_idx):
        tokens, labels = batch
        logits = self(tokens)
        loss = self.criterion(logits, labels)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        tokens, labels = batch
        logits = self(tokens)
        probs = logits.softmax(dim=-1)
        self.val_acc(probs, labels)
        self.log("val_loss", F.cross_entropy(logits, labels), prog_bar=True)
        self.log("val_nll", F.nll_loss(torch.log(probs + 1e-9), labels))
        self.log("val_acc", self.val_acc, prog_bar=True)

    def predict_step(self, batch, batch_idx, dataloader_idx=0):
        tokens = batch[0] if isinstance(batch, (tuple, list)) else batch
        return F.softmax(self(tokens), dim=-1)

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.hparams.lr)
        scheduler = torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=self.hparams.lr, total_steps=self.hparams.total_steps
        )
        return [optimizer], [{"scheduler": scheduler, "interval": "step"}]
