"""One training configuration of the tiny reference model, and how it mirrors a finding's facts.

`RunConfig` is framework-neutral: the backends turn it into a Keras or torch model, loss and targets.
The vocabulary of losses follows what the loss *means*, not how a framework spells it:

- `bce`: binary cross-entropy (Keras `binary_crossentropy`; torch `BCELoss`, or `BCEWithLogitsLoss`
  with `from_logits`), targets one 0/1 value per unit;
- `cce`: categorical cross-entropy on one-hot rows (Keras `categorical_crossentropy`; torch
  `CrossEntropyLoss` with probability targets, logits only);
- `sparse_cce`: categorical cross-entropy on integer class ids (Keras
  `sparse_categorical_crossentropy`; torch `CrossEntropyLoss` with class indices, logits only);
- `nll`: torch `NLLLoss` (expects log-probabilities);
- `mse`, `mae`, `huber`: regression losses.

A torch `CrossEntropyLoss` fed integer labels therefore mirrors to `sparse_cce` with `from_logits`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, Mapping, Optional

TASKS = ("multiclass", "binary", "multilabel", "autoencoder", "regression")
LOSSES = ("bce", "cce", "sparse_cce", "nll", "mse", "mae", "huber")
PROBABILITY_LOSSES = frozenset({"bce", "cce", "sparse_cce"})
CATEGORICAL_LOSSES = frozenset({"cce", "sparse_cce", "nll"})
REGRESSION_LOSSES = frozenset({"mse", "mae", "huber"})
ACTIVATIONS = ("linear", "softmax", "log_softmax", "sigmoid", "tanh", "relu", "elu")
PROBABILITY_ACTIVATIONS = frozenset({"softmax", "sigmoid"})
BOUNDED_ACTIVATIONS = frozenset({"softmax", "sigmoid", "tanh"})
UNBOUNDED_ACTIVATIONS = frozenset({"linear", "relu", "elu", "tanh"})  # not probabilities

MAX_CLASSES = 10  # digits
MULTILABEL_LABELS = (3, 6)  # min, max labels of the digits multi-label task
IMAGE_PIXELS = 64  # 8x8 digits


@dataclass(frozen=True)
class RunConfig:
    """What one run of the reference model trains: the output head, the loss, the targets, the inputs."""

    task: str  # multiclass | binary | multilabel | autoencoder | regression
    units: int  # output units
    activation: str  # linear | softmax | log_softmax | sigmoid | tanh | relu | elu
    loss: str  # see LOSSES
    labels: str  # integer | one_hot | binary | multi_hot | pixels | values: how targets are encoded
    from_logits: bool = False
    act_axis: str = "units"  # softmax/log_softmax over the "units" axis or over the "batch" axis (dim 0)
    target_scale: float = 1.0  # 255.0: targets are raw 0..255 values (pixels, 0/255 masks)
    raw_inputs: bool = False  # images reach the model as 0..255 instead of 0..1
    target_range: Optional[tuple[float, float]] = None  # regression targets rescaled into this range
    n_classes: int = MAX_CLASSES  # multiclass: classes; multilabel: labels
    framework: str = "keras"  # the user's framework (keras|torch|tf): picks idioms for fixes
    reported_metric: Optional[str] = None  # what compile(metrics=[...]) asks Keras to report, e.g. "accuracy"

    def with_(self, **changes: Any) -> "RunConfig":
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.target_range is not None:
            data["target_range"] = list(self.target_range)
        return data

    @property
    def output_is_probability(self) -> bool:
        return self.activation in PROBABILITY_ACTIVATIONS

    def decision_threshold(self) -> float:
        """Where a yes/no output flips, read the way the code treats the output."""
        import math

        if self.activation in PROBABILITY_ACTIVATIONS:
            return 0.5
        if self.activation == "log_softmax":
            return math.log(0.5)
        if self.from_logits:
            return 0.0
        return 0.5  # an unbounded output fed to a probability loss is read as a probability


def _loss_kind(loss: Mapping[str, Any], labels_encoding: Optional[str]) -> Optional[tuple[str, bool]]:
    family = loss.get("family")
    expects = loss.get("expects")
    name = str(loss.get("name") or "").lower()
    logits = expects == "logits"
    if family == "binary":
        return "bce", logits
    if family == "categorical":
        if loss.get("framework") == "torch" or name.startswith(("nn.", "f.", "torch.")):
            # torch CrossEntropyLoss: class ids unless the labels are known one-hot rows
            return ("cce" if labels_encoding == "one_hot" else "sparse_cce"), True
        return "cce", logits
    if family == "sparse_categorical":
        return "sparse_cce", logits
    if family == "nll":
        return "nll", False
    if family == "regression":
        if "huber" in name or "smooth" in name:
            return "huber", False
        if "mae" in name or "absolute" in name or "l1" in name:
            return "mae", False
        return "mse", False
    return None


def _activation(value: Optional[str]) -> Optional[str]:
    if value in ACTIVATIONS:
        return value
    if value in ("leaky_relu", "selu", "gelu", "softplus", "swish"):
        return "relu"  # an unbounded non-probability output: same role
    return None


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def mirror(facts: Optional[Mapping[str, Any]], defaults: Mapping[str, Any]) -> RunConfig:
    """The as-written configuration: the finding's facts, scaled down to the digits/diabetes model.

    `defaults` fills what the facts leave unknown (e.g. LG102 findings carry no loss).
    """
    facts = dict(facts or {})
    framework = facts.get("framework") or defaults.get("framework", "keras")
    loss_facts = dict(facts.get("loss") or {})
    loss_facts.setdefault("framework", framework)
    output = facts.get("output") or {}
    labels = facts.get("labels") or {}
    encoding = labels.get("encoding")

    kind = _loss_kind(loss_facts, encoding) if loss_facts.get("family") else None
    loss, from_logits = kind if kind else (defaults["loss"], bool(defaults.get("from_logits", False)))
    activation = _activation(output.get("activation")) or defaults.get("activation", "linear")
    units = output.get("units")
    act_axis = "batch" if output.get("dim") == 0 else "units"
    raw_inputs = bool(facts.get("raw_pixel_inputs"))
    value_range = labels.get("value_range")
    target_scale = 255.0 if value_range == "0..255" else 1.0
    target_range = tuple(labels["target_range"]) if labels.get("target_range") else None

    if facts.get("autoencoder"):
        task = "autoencoder"
    elif loss in REGRESSION_LOSSES:
        task = "regression"
    elif units == 1:
        task = "binary"
    elif loss == "bce":
        task = "multiclass" if encoding == "one_hot" else ("multilabel" if units != 1 else "binary")
    elif loss in CATEGORICAL_LOSSES:
        task = "multiclass"
    else:
        task = defaults.get("task", "multiclass")

    n_classes = MAX_CLASSES
    if task == "autoencoder":
        units, labels_kind = IMAGE_PIXELS, "pixels"
        if raw_inputs or target_scale > 1:
            raw_inputs, target_scale = True, 255.0  # the inputs are the targets
    elif task == "regression":
        units, labels_kind, target_scale = 1, "values", 1.0
    elif task == "binary":
        units = 1
        if loss in ("sparse_cce", "nll") or (loss == "cce" and encoding == "integer"):
            labels_kind = "integer"
        else:
            labels_kind = "binary"
    elif task == "multilabel":
        n_classes = _clamp(units or MULTILABEL_LABELS[0], *MULTILABEL_LABELS)
        units, labels_kind = n_classes, "multi_hot"
    else:  # multiclass
        n_classes = _clamp(units or labels.get("n_classes") or MAX_CLASSES, 2, MAX_CLASSES)
        units = n_classes
        if encoding in ("one_hot", "integer"):
            labels_kind = encoding
        elif loss in ("cce", "bce"):
            labels_kind = "one_hot"
        else:
            labels_kind = "integer"
    if task in ("multiclass", "regression") or labels_kind == "integer":
        target_scale = 1.0  # class ids and regression values are not scaled pixels

    return RunConfig(task=task, units=int(units), activation=activation, loss=loss, labels=labels_kind,
                     from_logits=from_logits, act_axis=act_axis, target_scale=target_scale,
                     raw_inputs=raw_inputs if task in ("multiclass", "binary", "multilabel", "autoencoder") else False,
                     target_range=target_range if task == "regression" else None, n_classes=n_classes,
                     framework=framework, reported_metric=defaults.get("reported_metric"))
