"""Lightning: `LossGuardCallback`, the torch checks for the first training batches of a `Trainer`.

    from lossguard.runtime.lightning import LossGuardCallback

    trainer = L.Trainer(callbacks=[LossGuardCallback()])    # batches=1, mode="warn"

From `on_train_start` it watches the LightningModule like `lossguard.runtime.torch.watch`: every
cross-entropy of `torch.nn.functional` (and the `nn.*Loss` modules) computed during the first `batches`
training batches, and what reaches the module's first learned layer (the batch from the data loader is the
model input). Batches are counted by Lightning's own batch hooks, so a `training_step` that calls
submodules directly (not `self(x)`) is covered. After those batches, at the end of training or on an
exception every hook is removed and torch is restored. The report is `callback.report`.

Uses `lightning.pytorch` (the `lightning` package), else `pytorch_lightning`.
"""

from __future__ import annotations

from typing import Any, Optional

try:
    from lightning.pytorch import Callback
except ImportError:  # the standalone package
    from pytorch_lightning import Callback

from lossguard.runtime.report import LossGuardError, Report
from lossguard.runtime.torch import Watch

__all__ = ["LossGuardCallback", "Report", "LossGuardError"]


class LossGuardCallback(Callback):
    def __init__(self, batches: int = 1, mode: str = "warn", report: Optional[Report] = None):
        super().__init__()
        self._options = {"batches": batches, "mode": mode}
        self.report = report if report is not None else Report()
        self._watch: Optional[Watch] = None
        self._started = False
        Watch._validate(batches, mode)

    def on_train_start(self, trainer: Any, pl_module: Any) -> None:
        if self._started:
            return  # a second fit() with the same callback: the first batches were checked already
        self._started = True
        self._watch = Watch(pl_module, report=self.report, external_batches=True, **self._options)

    def on_train_batch_start(self, trainer: Any, pl_module: Any, batch: Any, batch_idx: int) -> None:
        if self._watch is not None:
            self._watch.begin_batch(batch)

    def on_train_batch_end(self, trainer: Any, pl_module: Any, outputs: Any, batch: Any, batch_idx: int) -> None:
        if self._watch is not None:
            self._watch.end_batch()
            if self._watch.closed:
                self._watch = None

    def _close(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None

    def on_train_end(self, trainer: Any, pl_module: Any) -> None:
        self._close()

    def on_exception(self, trainer: Any, pl_module: Any, exception: BaseException) -> None:
        if self._watch is not None:
            self._watch.discard_pending()
        self._close()
