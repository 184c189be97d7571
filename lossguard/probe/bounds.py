"""Loss floors: how low the training loss can go at all when a loss is applied to an output as written.

A cross-entropy of a correct setup goes to 0 as the model learns. Some mistakes put a floor under it,
computable in closed form, that no amount of training can pass: the loss keeps "pushing" even when
every prediction is right, and its value says nothing about how well the model does.

- softmax output fed to a cross-entropy that applies softmax again (torch `CrossEntropyLoss`, Keras
  `from_logits=True`): the loss sees probabilities p (each in 0..1, summing to 1) as logits, so per
  sample it is -p_y + log(sum_j exp(p_j)) >= log(e + K - 1) - 1 (K units; reached only when p is one-hot);
- sigmoid output fed to BCE with logits: the loss sees s in (0, 1) as a logit, so per target t it is
  at least the value at s = clip(logit(t), 0, 1): ln(1 + 1/e) = 0.313 for t = 1 and ln 2 = 0.693 for t = 0;
- softmax output trained with binary cross-entropy on 0/1 labels: the units must share a total of 1,
  so a sample with m of K labels on costs at least m*ln(m)/K (-ln(1 - 1/K) when none is on).

Each floor is per sample; `per_sample` returns them for the training set so that the floor of any batch
(their mean over its rows) can be checked against the loss the framework reported for that batch.
numpy is imported inside functions only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Optional

from lossguard.probe.spec import RunConfig


@dataclass(frozen=True)
class Floor:
    kind: str  # double softmax | double sigmoid | softmax shares 1
    per_sample: Any  # numpy array: the floor of each training sample
    formula: str  # in words, with the numbers

    @property
    def value(self) -> float:
        return float(self.per_sample.mean())

    def of_batch(self, rows: Any) -> float:
        return float(self.per_sample[rows].mean())


def double_softmax_floor(units: int) -> float:
    """min over the probability simplex of -p_y + log(sum_j exp(p_j)): at p = e_y."""
    return math.log(math.e + units - 1) - 1.0


def loss_floor(config: RunConfig, y_train: Any) -> Optional[Floor]:
    """The floor of the loss as written on these training targets, or None when there is none to state."""
    import numpy as np

    n = len(y_train)
    if (config.activation == "softmax" and config.act_axis == "units" and config.from_logits
            and config.loss in ("cce", "sparse_cce") and config.units > 1):
        value = double_softmax_floor(config.units)
        return Floor("double softmax", np.full(n, value),
                     f"softmax applied twice: per sample the loss is at least log(e + {config.units - 1}) - 1 = "
                     f"{value:.3f}, even with every prediction right")
    if config.activation == "sigmoid" and config.from_logits and config.loss == "bce":
        t = np.asarray(y_train, dtype=np.float64).reshape(n, -1) / max(config.target_scale, 1.0)
        t = np.clip(t, 0.0, 1.0)
        with np.errstate(divide="ignore"):
            s = np.clip(np.log(t) - np.log1p(-t), 0.0, 1.0)  # the best a sigmoid output in (0, 1) can do
        per_element = t * np.log1p(np.exp(-s)) + (1.0 - t) * np.log1p(np.exp(s))
        per_sample = per_element.mean(axis=1)
        return Floor("double sigmoid", per_sample,
                     f"sigmoid applied twice: at least ln(1 + 1/e) = {math.log1p(math.exp(-1)):.3f} per 1-target "
                     f"and ln 2 = {math.log(2):.3f} per 0-target; {per_sample.mean():.3f} on these targets")
    if (config.activation == "softmax" and config.act_axis == "units" and config.loss == "bce"
            and not config.from_logits and config.target_scale <= 1 and config.units > 1
            and config.labels in ("binary", "multi_hot", "one_hot")):
        t = np.asarray(y_train, dtype=np.float64).reshape(n, -1)
        if not np.isin(t, (0.0, 1.0)).all():
            return None
        k = t.shape[1]
        m = t.sum(axis=1)
        per_sample = np.where(m > 0, m * np.log(np.maximum(m, 1.0)) / k, -math.log(1.0 - 1.0 / k))
        if per_sample.max() <= 0:  # one label per sample: a softmax can reach 0, there is no floor
            return None
        return Floor("softmax shares 1", per_sample,
                     f"softmax units share a total of 1: a sample with m of {k} labels on costs at least "
                     f"m*ln(m)/{k}; {per_sample.mean():.3f} on these labels")
    return None
