"""lossguard.runtime: the static rules, checked on the first real batches.

Static analysis stays silent when a fact is unknown (a model from a checkpoint, a loss from a config file,
labels from disk). At run time those facts are tensors: this layer inspects what actually reaches the loss
on the first batches (default 1), reports with the static rules' codes, names and hints, then unhooks.

- `lossguard.runtime.torch`: `guard(criterion_or_F_function)`, `watch(model)`;
- `lossguard.runtime.keras`: the `LossGuard()` callback for `fit` (Keras 3, any backend);
- `lossguard.runtime.lightning`, `lossguard.runtime.transformers`: `LossGuardCallback` for Lightning's and
  Hugging Face's trainers.

Importing this package imports no framework: each submodule imports its own. The static path
(`lossguard check`) never imports this layer.
"""

from lossguard.runtime.report import MODES, Finding, LossGuardError, LossGuardWarning, Report

__all__ = ["MODES", "Finding", "LossGuardError", "LossGuardWarning", "Report"]
