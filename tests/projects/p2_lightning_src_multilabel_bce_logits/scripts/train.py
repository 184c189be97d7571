import argparse

import lightning as L
from lightning.pytorch.callbacks import ModelCheckpoint

from tagger.data import TagDataModule
from tagger.module import TaggerModule


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/tags.pt")
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args()

    dm = TagDataModule(args.data)
    dm.setup()
    model = TaggerModule(vocab_size=dm.vocab_size, num_tags=50)
    trainer = L.Trainer(max_epochs=args.epochs, callbacks=[ModelCheckpoint(monitor="val/f1", mode="max")])
    trainer.fit(model, datamodule=dm)


if __name__ == "__main__":
    main()
