import pytorch_lightning as pl
import torch
import torch.nn.functional as F

from .encoder import AudioEncoder


class AudioTagger(pl.LightningModule):
    def __init__(self, num_tags=50, lr=1e-3):
        super().__init__()
        self.save_hyperparameters()
        self.encoder = AudioEncoder(num_tags=num_tags)

    def forward(self, spec):
        return self.encoder(spec)

    def _shared_step(self, batch, stage):
        spec, tags = batch
        out = self(spec)
        loss = F.binary_cross_entropy(out, tags.float())
        self.log(f"{stage}_loss", loss)
        return loss

    def training_step(self, batch, batch_idx):
        return self._shared_step(batch, "train")

    def validation_step(self, batch, batch_idx):
        self._shared_step(batch, "val")

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)
