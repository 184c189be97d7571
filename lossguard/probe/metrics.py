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
# What the probabilities the model returns are worth on the test set (single-label and binary tasks).
NLL = Metric("test NLL", False, "predict-the-class-frequencies baseline")
ECE = Metric("ECE", False, "", "{:.3f}")
ECE_BINS = 15
SPARE = "predictions on spare units"  # share of test samples predicted as a unit beyond the classes


def task_metric(task: str) -> Metric:
    return TASK_METRICS[task]


def measure(config: RunConfig, outputs: Any, truth: Any, calibration: bool = True) -> dict[str, float]:
    """The task metric (and extras) of model outputs on the test set; with `calibration`, also the test
    NLL and ECE of single-label and binary tasks (the experiment asks for them at the end of training)."""
    import numpy as np

    out = np.asarray(outputs)
    if config.task == "multiclass":
        predicted = np.argmax(out, axis=-1)
        found = {"accuracy": float(np.mean(predicted == truth))}
        if calibration:
            found.update(_calibration(class_probabilities(config, out.astype(np.float64)), truth))
        if out.shape[-1] > config.n_classes:  # LG203: units that no label ever names
            found[SPARE] = float(np.mean(predicted >= config.n_classes))
        return found
    out = out.astype(np.float64)
    threshold = config.decision_threshold()
    if config.task == "binary":
        found = {"accuracy": float(np.mean((out[:, 0] > threshold).astype(np.int64) == truth))}
        if calibration:
            p1 = positive_probability(config, out[:, 0])
            found.update(_calibration(np.stack([1.0 - p1, p1], axis=1), truth))
        return found
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


def _softmax(z: Any) -> Any:
    import numpy as np

    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def class_probabilities(config: RunConfig, out: Any) -> Any:
    """The class probabilities the model returns, read the way the code reads its output: softmax or
    sigmoid outputs as they are (normalised to sum 1, as Keras' categorical cross-entropy does), log-
    probabilities through exp, logits (from_logits, torch CrossEntropyLoss / NLLLoss) through softmax,
    anything else as probabilities clipped at 0. Classes beyond the head's units get probability 0."""
    import numpy as np

    if config.activation in ("softmax", "sigmoid"):
        p = out
    elif config.activation == "log_softmax":
        p = np.exp(np.minimum(out, 50.0))
    elif config.from_logits or config.loss == "nll":
        p = _softmax(out)
    else:
        p = np.clip(out, 0.0, None)
    if not np.isfinite(p).all():
        p = np.where(np.isfinite(p), p, 0.0)
    total = p.sum(axis=-1, keepdims=True)
    if (total > 0).all():
        p = p / total
    else:
        p = np.where(total > 0, p / np.where(total > 0, total, 1.0), 1.0 / p.shape[-1])
    if config.n_classes > p.shape[-1]:  # LG203: the head has fewer units than there are classes
        p = np.concatenate([p, np.zeros((len(p), config.n_classes - p.shape[-1]))], axis=1)
    return p


def positive_probability(config: RunConfig, out: Any) -> Any:
    """P(label 1) of a one-unit output, read the way the code reads it (see class_probabilities)."""
    import numpy as np

    if config.activation == "log_softmax":
        return np.exp(np.minimum(out, 0.0))
    if config.activation in ("softmax", "sigmoid") or not config.from_logits:
        return np.clip(np.where(np.isfinite(out), out, 0.5), 0.0, 1.0)
    return 1.0 / (1.0 + np.exp(-np.clip(out, -50.0, 50.0)))


def _calibration(probs: Any, truth: Any) -> dict[str, float]:
    """Test negative log-likelihood of the true class, and the expected calibration error (15 bins of
    the top probability: |accuracy - confidence| weighted by the bin's share)."""
    import numpy as np

    truth = np.asarray(truth, dtype=np.int64)
    p_true = probs[np.arange(len(truth)), truth]
    nll = float(np.mean(-np.log(np.clip(p_true, 1e-12, 1.0))))
    confidence = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == truth).astype(np.float64)
    bins = np.minimum((confidence * ECE_BINS).astype(np.int64), ECE_BINS - 1)
    ece = 0.0
    for b in range(ECE_BINS):
        inside = bins == b
        if inside.any():
            ece += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return {NLL.name: nll, ECE.name: float(ece)}


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
        classes, train_counts = np.unique(truth_train, return_counts=True)
        freq = dict(zip(classes.tolist(), (train_counts / train_counts.sum()).tolist()))
        nll = float(np.mean([-np.log(max(freq.get(int(t), 0.0), 1e-12)) for t in truth_test]))
        return {"accuracy": float(counts.max() / counts.sum()), NLL.name: nll}
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
