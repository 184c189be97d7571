import pytorch_lightning as pl

from audiotag.lit import AudioTagger
from audiotag_data import MagnaTagATune

dm = MagnaTagATune("data/mtat", batch_size=32)
pl.Trainer(max_epochs=30).fit(AudioTagger(num_tags=50), datamodule=dm)
