import torch
import torch.nn.functional as F
import pytorch_lightning as pl
from torch import nn
from torch.utils.data import DataLoader, random_split
from torchvision import transforms
from torchvision.datasets import FashionMNIST


class LitClassifier(pl.LightningModule):
    def __init__(self, hidden_dim=256, lr=1e-3):
        super().__init__()
        self.save_hyperparameters()
        self.l1 = nn.Linear(28 * 28, hidden_dim)
        self.l2 = nn.Linear(hidden_dim, 10)

    def forward(self, x):
        x = x.view(x.size(0), -1)
        x = torch.relu(self.l1(x))
        return torch.softmax(self.l2(x), dim=1)

    def training_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self(x)
        loss = F.cross_entropy(y_hat, y)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self(x)
        acc = (y_hat.argmax(dim=1) == y).float().mean()
        self.log("val_acc", acc, prog_bar=True)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)


if __name__ == "__main__":
    dataset = FashionMNIST("data", train=True, download=True, transform=transforms.ToTensor())
    train_set, val_set = random_split(dataset, [55000, 5000])
    model = LitClassifier()
    trainer = pl.Trainer(max_epochs=5, accelerator="auto")
    trainer.fit(model, DataLoader(train_set, batch_size=64, shuffle=True), DataLoader(val_set, batch_size=64))
