"""The probe's data: scikit-learn's bundled digits and diabetes sets, read offline.

- digits: 1,797 real 8x8 handwritten digits (values 0..16), an MNIST in miniature. The probe turns
  them into 0..255 pixels (as `mnist.load_data()` gives them) and into 0..1 pixels (as correct code
  scales them), and derives the tasks: single-label multi-class (the digit), binary ("digit >= 5"),
  multi-label ({even, >= 5, prime, ...}) and autoencoding (the image itself).
- diabetes: 442 real patients, 10 features, a disease-progression score (25..346) to regress.
- beyond 10 classes (a 100- or 1000-class head): a synthetic but learnable task with that many classes,
  `synthetic_classes`: one fixed random 8x8 prototype image per class, each sample its prototype plus
  Gaussian pixel noise, clipped to 0..1 (then scaled like the digits).

The split into train and test is fixed (it is the reference, not a random draw); the seed controls the
initial weights and the batch order. numpy is imported inside functions only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

from lossguard.probe.spec import RunConfig

SPLIT_SEED = 20240607
TEST_FRACTION = 0.2

# Properties of a digit for the multi-label task: any number of them may hold at once.
DIGIT_PROPERTIES: tuple[tuple[str, frozenset[int]], ...] = (
    ("even", frozenset({0, 2, 4, 6, 8})),
    (">=5", frozenset({5, 6, 7, 8, 9})),
    ("prime", frozenset({2, 3, 5, 7})),
    ("closed loop", frozenset({0, 4, 6, 8, 9})),
    ("multiple of 3", frozenset({0, 3, 6, 9})),
    ("straight strokes only", frozenset({1, 4, 7})),
)


class DataUnavailable(RuntimeError):
    """The bundled data sets cannot be read (scikit-learn is missing)."""


def _sklearn_data_dir() -> Optional[str]:
    import importlib.util

    spec = importlib.util.find_spec("sklearn")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        folder = os.path.join(base, "datasets", "data")
        if os.path.isdir(folder):
            return folder
    return None


@lru_cache(maxsize=None)
def digits() -> tuple[Any, Any]:
    """(images 1797x64 with values 0..16, labels 0..9) from scikit-learn's bundled copy."""
    import numpy as np

    folder = _sklearn_data_dir()
    path = os.path.join(folder, "digits.csv.gz") if folder else None
    if path and os.path.exists(path):
        table = np.loadtxt(path, delimiter=",", dtype=np.float64)
        return table[:, :-1].astype(np.float32), table[:, -1].astype(np.int64)
    try:
        from sklearn.datasets import load_digits
    except ImportError as err:
        raise DataUnavailable("the probe's data (handwritten digits) comes with scikit-learn") from err
    bunch = load_digits()
    return bunch.data.astype(np.float32), bunch.target.astype(np.int64)


SYNTHETIC_SEED = 20240613
SYNTHETIC_NOISE = 0.3  # pixel noise around each class prototype (prototype pixels are uniform in 0..1)
SYNTHETIC_TRAIN_PER_CLASS = 20
SYNTHETIC_MIN_TRAIN, SYNTHETIC_MIN_TEST = 1438, 359  # at least as many samples as the digits split


def synthetic_sizes(n_classes: int) -> tuple[int, int]:
    """Samples per class (train, test) of the synthetic task: 20 train each, test at least 2 each."""
    train = max(SYNTHETIC_TRAIN_PER_CLASS, -(-SYNTHETIC_MIN_TRAIN // n_classes))
    test = max(2, -(-SYNTHETIC_MIN_TEST // n_classes))
    return train, test


@lru_cache(maxsize=8)
def synthetic_classes(n_classes: int) -> tuple[Any, Any, Any, Any]:
    """(x_train, y_train, x_test, y_test): images 0..1 (n, 64) and class ids, class-balanced, fixed."""
    import numpy as np

    rng = np.random.default_rng(SYNTHETIC_SEED + n_classes)
    prototypes = rng.uniform(0.0, 1.0, size=(n_classes, 64)).astype(np.float32)
    per_train, per_test = synthetic_sizes(n_classes)

    def draw(per_class: int) -> tuple[Any, Any]:
        labels = np.tile(np.arange(n_classes), per_class)
        noise = rng.standard_normal((len(labels), 64)).astype(np.float32) * np.float32(SYNTHETIC_NOISE)
        return np.clip(prototypes[labels] + noise, 0.0, 1.0).astype(np.float32), labels.astype(np.int64)

    x_train, y_train = draw(per_train)
    x_test, y_test = draw(per_test)
    return x_train, y_train, x_test, y_test


@lru_cache(maxsize=None)
def diabetes() -> tuple[Any, Any]:
    """(features 442x10, raw disease-progression scores 25..346) from scikit-learn's bundled copy."""
    import numpy as np

    folder = _sklearn_data_dir()
    if folder and os.path.exists(os.path.join(folder, "diabetes_data_raw.csv.gz")):
        x = np.loadtxt(os.path.join(folder, "diabetes_data_raw.csv.gz"), dtype=np.float64)
        y = np.loadtxt(os.path.join(folder, "diabetes_target.csv.gz"), dtype=np.float64)
        return x, y
    try:
        from sklearn.datasets import load_diabetes
    except ImportError as err:
        raise DataUnavailable("the probe's data (diabetes) comes with scikit-learn") from err
    bunch = load_diabetes(scaled=False)
    return bunch.data.astype(np.float64), bunch.target.astype(np.float64)


def _split(n: int) -> tuple[Any, Any]:
    import numpy as np

    order = np.random.default_rng(SPLIT_SEED).permutation(n)
    n_test = int(round(n * TEST_FRACTION))
    return np.sort(order[n_test:]), np.sort(order[:n_test])


@dataclass
class TaskData:
    """Everything one run needs, as its code sees it, plus the neutral truth to measure against."""

    x_train: Any
    y_train: Any
    x_test: Any
    y_test: Any
    truth_train: Any  # class ids / label matrix / 0..1 pixels / values, whatever the encoding
    truth_test: Any
    description: str


def task_data(config: RunConfig) -> TaskData:
    """The arrays of one configuration: inputs raw or scaled, targets encoded and scaled as configured."""
    import numpy as np

    if config.task == "regression":
        return _regression(config)
    if config.task == "multiclass" and config.n_classes > 10:
        return _synthetic(config)
    images, digit = digits()
    keep = np.ones(len(digit), dtype=bool)
    if config.task == "multiclass" and config.n_classes < 10:
        keep = digit < config.n_classes
    images, digit = images[keep], digit[keep]
    pixels255 = np.rint(images * (255.0 / 16.0)).astype(np.float32)  # as mnist.load_data() gives them
    unit = pixels255 / np.float32(255.0)
    x = pixels255 if config.raw_inputs else unit
    train, test = _split(len(digit))

    if config.task == "autoencoder":
        truth = unit
        y = unit * np.float32(config.target_scale)
        what = "digits autoencoder (8x8 images)"
    elif config.task == "multiclass":
        truth = digit
        if config.labels == "one_hot":
            y = np.eye(config.n_classes, dtype=np.float32)[digit]
        else:
            y = digit.astype(np.int64)
        what = f"digits, {config.n_classes} classes" + ("" if config.n_classes == 10 else f" (digits 0..{config.n_classes - 1})")
    elif config.task == "binary":
        truth = (digit >= 5).astype(np.int64)
        if config.labels == "integer":
            y = truth.copy()
        else:
            y = truth[:, None].astype(np.float32) * np.float32(config.target_scale)
        what = "digits, binary: digit >= 5"
    elif config.task == "multilabel":
        props = DIGIT_PROPERTIES[:config.n_classes]
        truth = np.stack([np.isin(digit, sorted(members)) for _, members in props], axis=1).astype(np.int64)
        y = truth.astype(np.float32) * np.float32(config.target_scale)
        what = "digits, multi-label: {" + ", ".join(name for name, _ in props) + "}"
    else:
        raise ValueError(f"unknown task {config.task!r}")
    return TaskData(x_train=x[train], y_train=y[train], x_test=x[test], y_test=y[test],
                    truth_train=truth[train], truth_test=truth[test],
                    description=f"{what}; {len(train)} train / {len(test)} test")


def _synthetic(config: RunConfig) -> TaskData:
    import numpy as np

    x_train, y_train, x_test, y_test = synthetic_classes(config.n_classes)
    if config.raw_inputs:  # 0..255 pixels, as an unscaled image loader gives them
        x_train, x_test = np.rint(x_train * 255.0).astype(np.float32), np.rint(x_test * 255.0).astype(np.float32)

    def encode(labels: Any) -> Any:
        return np.eye(config.n_classes, dtype=np.float32)[labels] if config.labels == "one_hot" else labels.copy()

    per_train, per_test = synthetic_sizes(config.n_classes)
    what = (f"synthetic {config.n_classes}-class task (a fixed random 8x8 prototype per class + pixel noise "
            f"{SYNTHETIC_NOISE:g}; {per_train} train / {per_test} test samples per class)")
    return TaskData(x_train=x_train, y_train=encode(y_train), x_test=x_test, y_test=encode(y_test),
                    truth_train=y_train, truth_test=y_test,
                    description=f"{what}; {len(y_train)} train / {len(y_test)} test")


def _regression(config: RunConfig) -> TaskData:
    import numpy as np

    features, target = diabetes()
    train, test = _split(len(target))
    mean, std = features[train].mean(axis=0), features[train].std(axis=0)
    x = ((features - mean) / std).astype(np.float32)  # standardised: the inputs are not the problem here
    y = target.astype(np.float64)
    what = "diabetes regression (10 features, disease progression 25..346)"
    if config.target_range is not None:
        low, high = config.target_range
        y = low + (y - y.min()) * (high - low) / (y.max() - y.min())
        what = f"diabetes regression, targets mapped onto the code's range {_num(low)}..{_num(high)}"
    y = y.astype(np.float32)[:, None]
    return TaskData(x_train=x[train], y_train=y[train], x_test=x[test], y_test=y[test],
                    truth_train=y[train, 0], truth_test=y[test, 0],
                    description=f"{what}; {len(train)} train / {len(test)} test")


def _num(value: float) -> str:
    return f"{value:g}"


def train_size(config: RunConfig) -> int:
    """How many training samples the task of this configuration has (a batch cannot be larger)."""
    if config.task == "regression":
        n = len(diabetes()[1])
    elif config.task == "multiclass" and config.n_classes > 10:
        return synthetic_sizes(config.n_classes)[0] * config.n_classes
    else:
        digit = digits()[1]
        n = int((digit < config.n_classes).sum()) if config.task == "multiclass" else len(digit)
    return n - int(round(n * TEST_FRACTION))


def batch_schedule(n_train: int, batch_size: int, steps: int, seed: int) -> Any:
    """Indices of every step's batch: shuffled epochs, drawn once and shared by both runs."""
    import numpy as np

    rng = np.random.default_rng(seed)
    batch_size = min(batch_size, n_train)
    per_epoch = n_train // batch_size
    epochs = -(-steps // per_epoch)
    rows = []
    for _ in range(epochs):
        order = rng.permutation(n_train)
        rows.extend(order[i * batch_size:(i + 1) * batch_size] for i in range(per_epoch))
    return np.stack(rows[:steps])


def initial_weights(layer_sizes: list[int], seed: int) -> list[tuple[Any, Any]]:
    """Glorot-uniform kernels (in, out) and zero biases, drawn with numpy: identical for both runs and
    both backends."""
    import numpy as np

    rng = np.random.default_rng(seed + 1)
    weights = []
    for fan_in, fan_out in zip(layer_sizes, layer_sizes[1:]):
        limit = float(np.sqrt(6.0 / (fan_in + fan_out)))
        kernel = rng.uniform(-limit, limit, size=(fan_in, fan_out)).astype(np.float32)
        weights.append((kernel, np.zeros(fan_out, dtype=np.float32)))
    return weights
