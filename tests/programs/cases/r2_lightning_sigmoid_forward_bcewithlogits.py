import pytorch_lightning as pl
import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchmetrics import AUROC


class ToxicCommentModule(pl.LightningModule):
    def __init__(self, vocab_size=50000, emb=300, hidden=128, n_labels=6, pos_weight=None):
        super().__init__()
        self.save_hyperparameters()
        self.emb = nn.Embedding(vocab_size, emb)
        self.rnn = nn.LSTM(emb, hidden, batch_first=True, bidirectional=True)
        self.head = nn.Linear(2 * hidden, n_labels)
        self.loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
        self.auroc = AUROC(task="multilabel", num_labels=n_labels)

    def forward(self, tokens):
        h, _ = self.rnn(self.emb(tokens))
        return torch.sigmoid(self.head(h.max(dim=1).values))

    def _shared_step(self, batch):
        tokens, labels = batch
        y_hat = self(tokens)
        return self.loss_fn(y_hat, labels.float()), y_hat, labels

    def training_step(self, batch, batch_idx):
        loss, _, _ = self._shared_step(batch)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        loss, y_hat, labels = self._shared_step(batch)
        self.auroc.update(y_hat, labels.long())
        self.log_dict({"val_loss": loss, "val_auroc": self.auroc}, on_epoch=True)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=1e-3)


if __name__ == "__main__":
    train = DataLoader(torch.load("jigsaw_train.pt"), batch_size=64, shuffle=True)
    val = DataLoader(torch.load("jigsaw_val.pt"), batch_size=256)
    pl.Trainer(max_epochs=5, precision="16-mixed").fit(ToxicCommentModule(), train, val)
