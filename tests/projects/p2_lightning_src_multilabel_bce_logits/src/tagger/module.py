import lightning as L
import torch
import torch.nn.functional as F
from torchmetrics.classification import MultilabelF1Score

from .backbone import BagOfEmbeddingsEncoder


class TaggerModule(L.LightningModule):
    def __init__(self, vocab_size, num_tags=50, lr=2e-3, weight_decay=0.01):
        super().__init__()
        self.save_hyperparameters()
        self.encoder = BagOfEmbeddingsEncoder(vocab_size, num_tags=num_tags)
        self.val_f1 = MultilabelF1Score(num_labels=num_tags)

    def forward(self, tokens, offsets):
        return self.encoder(tokens, offsets)

    def training_step(self, batch, batch_idx):
        tokens, offsets, targets = batch
        preds = self(tokens, offsets)
        loss = F.binary_cross_entropy(preds, targets.float())
        self.log("train/loss", loss, prog_bar=True)
        return loss

    def validation_step(self, batch, batch_idx):
        tokens, offsets, targets = batch
        probs = torch.sigmoid(self(tokens, offsets))
        self.val_f1(probs, targets)
        self.log("val/f1", self.val_f1, on_epoch=True)

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.hparams.lr, weight_decay=self.hparams.weight_decay)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=self.trainer.max_epochs)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "epoch"}}
