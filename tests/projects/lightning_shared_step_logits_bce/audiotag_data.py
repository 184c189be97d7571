import numpy as np
import pytorch_lightning as pl
import torch
from torch.utils.data import DataLoader, TensorDataset


class MagnaTagATune(pl.LightningDataModule):
    def __init__(self, root, batch_size=32):
        super().__init__()
        self.root = root
        self.batch_size = batch_size

    def setup(self, stage=None):
        data = np.load(f"{self.root}/mels.npz")
        self.train = TensorDataset(torch.from_numpy(data["x_train"]), torch.from_numpy(data["y_train"]))
        self.val = TensorDataset(torch.from_numpy(data["x_val"]), torch.from_numpy(data["y_val"]))

    def train_dataloader(self):
        return DataLoader(self.train, batch_size=self.batch_size, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val, batch_size=self.batch_size)
