"""Logistic regression as a LightningModule (in the style of pl_bolts' LogisticRegression): forward
returns class probabilities, and training_step hands them to F.cross_entropy, which applies a
softmax of its own."""
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
        x = self.linear(x)
        y_hat = F.softmax(x, dim=-1)
        return y_hat

    def training_step(self, batch, batch_idx):
        x, y = batch
        x = x.view(x.size(0), -1)
        y_hat = self(x)
        loss = F.cross_entropy(y_hat, y, reduction="sum")
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self(x.view(x.size(0), -1))
        acc = (y_hat.argmax(dim=-1) == y).float().mean()
        self.log("val_acc", acc)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.learning_rate)


digits = load_digits()
X = torch.tensor(digits.data / 16.0, dtype=torch.float32)
y = torch.tensor(digits.target)
train_dl = DataLoader(TensorDataset(X[:1500], y[:1500]), batch_size=64, shuffle=True)
val_dl = DataLoader(TensorDataset(X[1500:], y[1500:]), batch_size=64)

model = LogisticRegression(input_dim=64, num_classes=10)
pl.Trainer(max_epochs=50).fit(model, train_dl, val_dl)
