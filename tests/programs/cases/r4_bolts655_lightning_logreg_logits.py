"""The LightningModule logistic regression after the fix: forward returns logits, the softmax is
taken only where probabilities are wanted (validation accuracy, predict_step)."""
import pytorch_lightning as pl
import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader, TensorDataset
from sklearn.datasets import load_digits


class LogisticRegression(pl.LightningModule):
    def __init__(self, input_dim: int, num_classes: int, learning_rate: float = 1e-4):
        super().__init__()
        self.save_hyperparameters()
        self.linear = nn.Linear(in_features=input_dim, out_features=num_classes, bias=True)

    def forward(self, x):
        return self.linear(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        logits = self(x.view(x.size(0), -1))
        loss = F.cross_entropy(logits, y, reduction="sum")
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        logits = self(x.view(x.size(0), -1))
        self.log("val_loss", F.cross_entropy(logits, y))
        probs = F.softmax(logits, dim=-1)
        self.log("val_acc", (probs.argmax(dim=-1) == y).float().mean())

    def predict_step(self, batch, batch_idx):
        x, _ = batch
        return F.softmax(self(x.view(x.size(0), -1)), dim=-1)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.learning_rate)


digits = load_digits()
X = torch.tensor(digits.data / 16.0, dtype=torch.float32)
y = torch.tensor(digits.target)
train_dl = DataLoader(TensorDataset(X[:1500], y[:1500]), batch_size=64, shuffle=True)
val_dl = DataLoader(TensorDataset(X[1500:], y[1500:]), batch_size=64)

model = LogisticRegression(input_dim=64, num_classes=10)
pl.Trainer(max_epochs=50).fit(model, train_dl, val_dl)
