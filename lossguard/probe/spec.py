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

DIGIT_CLASSES = 10  # up to 10 classes the data are real handwritten digits
MAX_CLASSES = 1000  # beyond 10 a synthetic task with that many classes (data.synthetic_classes)
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
    n_classes: int = DIGIT_CLASSES  # multiclass: classes of the data (units may differ: LG203); multilabel: labels
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


def mirror(facts: Optional[Mapping[str, Any]], defaults: Mapping[str, Any], classes: Optional[int] = None
           ) -> RunConfig:
    """The as-written configuration: the finding's facts, on the digits/diabetes/synthetic reference tasks.

    `defaults` fills what the facts leave unknown (e.g. LG102 findings carry no loss). `classes`
    (`--classes N`) gives a single-label head and its labels N classes instead of the code's.
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

    n_classes = DIGIT_CLASSES
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
    else:  # multiclass: the head keeps its units, the data get the labels' classes (they differ for LG203)
        known = labels.get("n_classes") if isinstance(labels.get("n_classes"), int) else None
        n_classes = _clamp(known or units or DIGIT_CLASSES, 2, MAX_CLASSES)
        units = _clamp(units, 2, MAX_CLASSES) if isinstance(units, int) and units > 1 else n_classes
        if classes is not None:
            units = _clamp(classes, 2, MAX_CLASSES) if units == n_classes else units  # LG203 keeps its units
            n_classes = _clamp(classes, 2, MAX_CLASSES)
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


# The optimizers the reference model can train with; others are mirrored by their nearest family.
OPTIMIZER_FAMILY = {"sgd": "sgd", "adam": "adam", "adamw": "adam", "nadam": "adam", "adamax": "adam",
                    "rmsprop": "rmsprop"}
OPTIMIZER_NAMES = {"sgd": "SGD", "adam": "Adam", "rmsprop": "RMSprop"}
MIN_BATCH, MAX_BATCH = 8, 512


@dataclass(frozen=True)
class Training:
    """How both runs of an experiment train (shared by both): optimizer, batch size, steps, hidden layer.

    `mirrored` and `assumed` say in words what comes from the code and what the probe chose.
    """

    optimizer: str = "adam"  # sgd | adam | rmsprop
    learning_rate: float = 0.003
    momentum: float = 0.0
    batch_size: int = 64
    steps: int = 200
    hidden: tuple[int, ...] = (32,)
    mirrored: tuple[str, ...] = ()
    assumed: tuple[str, ...] = ()

    def optimizer_text(self) -> str:
        momentum = f", momentum {self.momentum:g}" if self.momentum else ""
        return f"{OPTIMIZER_NAMES[self.optimizer]} {self.learning_rate:g}{momentum}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["hidden"], data["mirrored"], data["assumed"] = list(self.hidden), list(self.mirrored), list(self.assumed)
        return data

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "Training":
        return Training(**{**data, "hidden": tuple(data["hidden"]), "mirrored": tuple(data["mirrored"]),
                           "assumed": tuple(data["assumed"])})


def config_from_json(data: Mapping[str, Any]) -> RunConfig:
    target_range = data.get("target_range")
    return RunConfig(**{**data, "target_range": tuple(target_range) if target_range else None})


def class_notes(facts: Optional[Mapping[str, Any]], config: RunConfig, classes: Optional[int]) -> list[str]:
    """How the class count of a single-label head was mirrored, in words (empty for other tasks)."""
    if config.task != "multiclass":
        return []
    facts = dict(facts or {})
    units = (facts.get("output") or {}).get("units")
    known = (facts.get("labels") or {}).get("n_classes")
    if classes is not None:
        return [f"{config.n_classes} classes (--classes {classes})"]
    if isinstance(known, int) and isinstance(units, int) and known != units:
        text = f"{config.units} output units and {config.n_classes} classes in the labels"
    elif isinstance(known, int) or isinstance(units, int):
        text = f"{config.n_classes} classes ({'the labels' if isinstance(known, int) else 'the head'})"
    else:
        return []
    clamped = [n for n in (units, known) if isinstance(n, int) and n > MAX_CLASSES]
    return [text + (f"; {clamped[0]} reduced to the probe's largest task, {MAX_CLASSES}" if clamped else "")]


def mirror_training(facts: Optional[Mapping[str, Any]], reference: Any, reference_lr: Mapping[str, float],
                    n_train: int, steps: Optional[int] = None) -> Training:
    """The optimizer family, learning rate, momentum and batch size the code makes literal (facts
    `training`), the reference's otherwise; the steps are the reference's budget (or --steps)."""
    setup = dict((facts or {}).get("training") or {})
    mirrored: list[str] = []
    assumed: list[str] = []
    written = setup.get("optimizer")
    family = OPTIMIZER_FAMILY.get(written or "")
    if family is None:
        family = "adam"
        assumed.append("optimizer Adam" + (f" ({written} is not mirrored)" if written else " (none in the code)"))
    lr = setup.get("learning_rate") if written and OPTIMIZER_FAMILY.get(written) else None
    momentum = float(setup.get("momentum") or 0.0) if family in ("sgd", "rmsprop") else 0.0
    if written and OPTIMIZER_FAMILY.get(written):
        shown = OPTIMIZER_NAMES[family] + ("" if written == family else f" (for {written})")
        mirrored.append(f"optimizer {shown}" + (f", learning rate {lr:g}" if lr else "") +
                        (f", momentum {momentum:g}" if momentum else ""))
    if not lr:
        lr = reference_lr[family]
        assumed.append(f"learning rate {lr:g} (not literal in the code)")
    batch = setup.get("batch_size")
    if isinstance(batch, int) and batch > 0:
        size = max(MIN_BATCH, min(batch, MAX_BATCH, n_train // 2))
        mirrored.append(f"batch size {batch}" + (f" (run as {size})" if size != batch else ""))
    else:
        size = reference.batch_size
        assumed.append(f"batch size {size}")
    budget = steps or reference.steps
    assumed.append(f"{budget} steps" + (" (--steps)" if steps else " (the probe's budget, not your epochs)"))
    return Training(optimizer=family, learning_rate=float(lr), momentum=momentum, batch_size=size,
                    steps=budget, hidden=tuple(reference.hidden), mirrored=tuple(mirrored), assumed=tuple(assumed))
