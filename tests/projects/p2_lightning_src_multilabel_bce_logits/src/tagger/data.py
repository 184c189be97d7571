import lightning as L
import torch
from torch.utils.data import DataLoader


def collate(batch):
    tokens, offsets, targets = [], [0], []
    for ids, tags in batch:
        tokens.append(ids)
        offsets.append(offsets[-1] + len(ids))
        targets.append(tags)
    return torch.cat(tokens), torch.tensor(offsets[:-1]), torch.stack(targets)


class TagDataModule(L.LightningDataModule):
    def __init__(self, path, batch_size=128):
        super().__init__()
        self.path = path
        self.batch_size = batch_size

    def setup(self, stage=None):
        blob = torch.load(self.path)
        self.train_set, self.val_set = blob["train"], blob["val"]
        self.vocab_size = blob["vocab_size"]

    def train_dataloader(self):
        return DataLoader(self.train_set, batch_size=self.batch_size, shuffle=True, collate_fn=collate)

    def val_dataloader(self):
        return DataLoader(self.val_set, batch_size=self.batch_size, collate_fn=collate)
