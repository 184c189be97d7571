"""What users care about, measured the same way for every backend (numpy only, on the test split)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lossguard.probe.spec import RunConfig


@dataclass(frozen=True)
class Metric:
    name: str
    higher_is_better: bool
    baseline_name: str  # what the "chance" number is
    fmt: str = "{:.3f}"

    def format(self, value: float) -> str:
        import math

        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "nan"
        return self.fmt.format(value)

    def better(self, a: float, b: float) -> bool:
        """Is a at least as good as b?"""
        return a >= b if self.higher_is_better else a <= b


TASK_METRICS = {
    "multiclass": Metric("accuracy", True, "chance"),
    "binary": Metric("accuracy", True, "chance"),
    "multilabel": Metric("exact-match accuracy", True, "chance"),
    "autoencoder": Metric("reconstruction error", False, "mean-image baseline", "{:.4f}"),
    "regression": Metric("R²", True, "predict-the-mean baseline"),
}
EXTRA_METRICS = {"regression": Metric("MAE", False, "predict-the-mean baseline", "{:.2f}")}


def task_metric(task: str) -> Metric:
    return TASK_METRICS[task]


def measure(config: RunConfig, outputs: Any, truth: Any) -> dict[str, float]:
    """The task metric (and extras) of model outputs on the test set."""
    import numpy as np

    out = np.asarray(outputs, dtype=np.float64)
    if config.task == "multiclass":
        return {"accuracy": float(np.mean(np.argmax(out, axis=-1) == truth))}
    threshold = config.decision_threshold()
    if config.task == "binary":
        return {"accuracy": float(np.mean((out[:, 0] > threshold).astype(np.int64) == truth))}
    if config.task == "multilabel":
        predicted = (out > threshold).astype(np.int64)
        return {"exact-match accuracy": float(np.mean(np.all(predicted == truth, axis=1))),
                "label accuracy": float(np.mean(predicted == truth))}
    if config.task == "autoencoder":
        # read bounded outputs as 0..1 pixels (the most charitable reading of the as-written run)
        recon = out if config.activation in ("sigmoid", "softmax") else out / config.target_scale
        return {"reconstruction error": float(np.mean((recon - truth) ** 2))}
    if config.task == "regression":
        pred = out[:, 0]
        return {"R²": _r2(pred, truth), "MAE": float(np.mean(np.abs(pred - truth)))}
    raise ValueError(config.task)


def _r2(pred: Any, truth: Any) -> float:
    import numpy as np

    total = float(np.sum((truth - truth.mean()) ** 2))
    return float(1.0 - np.sum((truth - pred) ** 2) / total) if total else float("nan")


def baseline(config: RunConfig, truth_train: Any, truth_test: Any) -> dict[str, float]:
    """What knowing nothing scores on the test set: the best constant answer (the most frequent class or
    label set, the mean image, the mean value)."""
    import numpy as np

    if config.task in ("multiclass", "binary"):
        _, counts = np.unique(truth_test, return_counts=True)
        return {"accuracy": float(counts.max() / counts.sum())}
    if config.task == "multilabel":
        rows, counts = np.unique(truth_test, axis=0, return_counts=True)
        common = rows[np.argmax(counts)]
        return {"exact-match accuracy": float(counts.max() / counts.sum()),
                "label accuracy": float(np.mean(truth_test == common))}
    if config.task == "autoencoder":
        return {"reconstruction error": float(np.mean((truth_test - truth_test.mean(axis=0)) ** 2))}
    if config.task == "regression":
        return {"R²": 0.0, "MAE": float(np.mean(np.abs(truth_test - np.median(truth_test))))}
    raise ValueError(config.task)
