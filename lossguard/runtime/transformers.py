"""Hugging Face `Trainer`: `LossGuardCallback`, the torch checks for the first training batches.

    from lossguard.runtime.transformers import LossGuardCallback

    trainer = Trainer(model=model, args=args, train_dataset=ds, callbacks=[LossGuardCallback()])

From `on_train_begin` it watches the model like `lossguard.runtime.torch.watch`: the cross-entropies a
model computes from `labels` inside its forward (`ForCausalLMLoss`, `ForSequenceClassification`...: they
call `torch.nn.functional.cross_entropy` or `nn.CrossEntropyLoss`), or a custom `compute_loss` computes,
during the first `batches` forward passes that computed a loss; and what reaches the model's first learned
layer (`pixel_values` reaching a patch embedding...). Rows labelled -100 are left out, as the loss does.
After those batches, or at the end of training, every hook is removed and torch is restored. The report
is `callback.report`.
"""

from __future__ import annotations

from typing import Any, Optional

from transformers import TrainerCallback

from lossguard.runtime.report import LossGuardError, Report
from lossguard.runtime.torch import Watch

__all__ = ["LossGuardCallback", "Report", "LossGuardError"]


class LossGuardCallback(TrainerCallback):
    def __init__(self, batches: int = 1, mode: str = "warn", report: Optional[Report] = None):
        self._options = {"batches": batches, "mode": mode}
        self.report = report if report is not None else Report()
        self._watch: Optional[Watch] = None
        self._started = False
        Watch._validate(batches, mode)

    def on_train_begin(self, args: Any, state: Any, control: Any, model: Any = None, **kwargs: Any) -> None:
        if self._started or model is None:
            return
        self._started = True
        self._watch = Watch(model, report=self.report, **self._options)

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if self._watch is not None and self._watch.closed:
            self._watch = None

    def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None
