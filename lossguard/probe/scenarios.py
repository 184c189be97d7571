"""One small declarative entry per rule: which configurations have the mistake, and what the fix changes.

An entry never talks to a framework. The as-written configuration is `spec.mirror(facts, defaults)`;
the fixed one is the as-written configuration with the entry's `fix` applied, and then (unless the
caller asks for the single fix) the fixes of the other mistakes still present in that configuration,
the way a user fixing the file would fix them all: the seed autoencoder's softmax (LG101) is fixed
together with its 0..255 targets (LG302). Every change is reported with the rule it comes from.

Adding a rule's scenario means adding an entry here; the backends only implement building blocks
(activations, losses, target encodings) listed in `spec`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional

from lossguard.probe.spec import (BOUNDED_ACTIVATIONS, PROBABILITY_ACTIVATIONS, PROBABILITY_LOSSES,
                                  UNBOUNDED_ACTIVATIONS, RunConfig)

BOTH = ("torch", "keras")


@dataclass(frozen=True)
class Reference:
    """The tiny reference model and its training budget for a task (same for every rule)."""

    hidden: tuple[int, ...]
    batch_size: int
    steps: int
    learning_rate: float


REFERENCE = {
    "multiclass": Reference(hidden=(32,), batch_size=64, steps=200, learning_rate=0.003),
    "binary": Reference(hidden=(32,), batch_size=64, steps=200, learning_rate=0.003),
    "multilabel": Reference(hidden=(32,), batch_size=64, steps=200, learning_rate=0.003),
    "autoencoder": Reference(hidden=(32,), batch_size=64, steps=300, learning_rate=0.003),
    "regression": Reference(hidden=(32,), batch_size=32, steps=300, learning_rate=0.01),
}
# More classes (the synthetic tasks) need a wider hidden layer and more samples to be learnt at all.
MANY_CLASSES = Reference(hidden=(64,), batch_size=64, steps=300, learning_rate=0.003)  # 11..100 classes
HUNDREDS_OF_CLASSES = Reference(hidden=(64,), batch_size=128, steps=300, learning_rate=0.003)  # 101..1000
# Learning rate when the code has none literal, per optimizer family (Adam: the reference's).
SGD_LEARNING_RATE = {"regression": 0.001}
SGD_DEFAULT_LEARNING_RATE = 0.1


def reference(config: RunConfig) -> Reference:
    if config.task == "multiclass" and config.n_classes > 100:
        return HUNDREDS_OF_CLASSES
    if config.task == "multiclass" and config.n_classes > 10:
        return MANY_CLASSES
    return REFERENCE[config.task]


def reference_learning_rates(config: RunConfig) -> dict[str, float]:
    adam = reference(config).learning_rate
    return {"adam": adam, "rmsprop": adam, "sgd": SGD_LEARNING_RATE.get(config.task, SGD_DEFAULT_LEARNING_RATE)}


@dataclass(frozen=True)
class Scenario:
    rule: str
    shows: str  # what the reference model demonstrates, in one line
    broken: Callable[[RunConfig], bool]  # does a configuration have this rule's mistake?
    fix: Callable[[RunConfig], Mapping[str, Any]]  # RunConfig fields the fix changes
    defaults: Mapping[str, Any] = field(default_factory=dict)  # where the facts are silent
    backends: tuple[str, ...] = BOTH  # frameworks in which the mistake exists


def _softmax_bce(c: RunConfig) -> bool:
    return (c.activation == "softmax" and c.act_axis == "units" and c.loss == "bce" and not c.from_logits
            and c.units > 2)


def _fix_softmax_bce(c: RunConfig) -> dict:
    if c.task == "multiclass":  # one class per sample: keep one distribution, use a categorical loss
        if c.framework == "keras":
            return {"loss": "cce"}
        return {"activation": "linear", "loss": "sparse_cce" if c.labels == "integer" else "cce", "from_logits": True}
    return {"activation": "sigmoid"}  # independent per-unit probabilities (multi-label, autoencoders)


def _fix_activation_before_logits_loss(c: RunConfig) -> dict:
    if c.framework == "keras" or (c.framework == "torch" and c.activation == "sigmoid"):
        return {"from_logits": False}  # Keras from_logits=False; torch BCEWithLogitsLoss -> BCELoss
    return {"activation": "linear"}  # torch CrossEntropyLoss / tf.nn.*_with_logits: drop the softmax


def _fix_scaled_targets(c: RunConfig) -> dict:
    return {"target_scale": 1.0, "raw_inputs": False} if c.task == "autoencoder" else {"target_scale": 1.0}


def _fix_scaled_inputs(c: RunConfig) -> dict:
    return {"raw_inputs": False, "target_scale": 1.0} if c.task == "autoencoder" else {"raw_inputs": False}


# Co-fixes are searched in this order: LG302 (0..255 BCE targets) before LG301 (0..255 inputs), as the
# catalogue reports the more specific rule when both apply to an autoencoder.
SCENARIOS: dict[str, Scenario] = {s.rule: s for s in (
    Scenario(
        "LG101", "softmax output trained with binary cross-entropy (units forced to sum to 1)",
        broken=_softmax_bce, fix=_fix_softmax_bce,
        defaults={"loss": "bce", "task": "multilabel"},
    ),
    Scenario(
        "LG102", "softmax over a single unit (the output is the constant 1.0)",
        broken=lambda c: c.activation == "softmax" and c.act_axis == "units" and c.units == 1,
        fix=lambda c: {"activation": "sigmoid"},
        defaults={"loss": "bce", "task": "binary"},
    ),
    Scenario(
        "LG103", "sigmoid output trained with categorical cross-entropy",
        broken=lambda c: (c.activation == "sigmoid" and c.units > 1 and c.loss in ("cce", "sparse_cce")
                          and not c.from_logits),
        fix=lambda c: {"activation": "softmax"},
        defaults={"loss": "cce", "task": "multiclass"}, backends=("keras",),
    ),
    Scenario(
        "LG104", "softmax/sigmoid output fed to a loss that applies it again",
        broken=lambda c: c.activation in PROBABILITY_ACTIVATIONS and c.from_logits and c.loss in PROBABILITY_LOSSES,
        fix=_fix_activation_before_logits_loss,
        defaults={"loss": "sparse_cce", "from_logits": True, "task": "multiclass"},
    ),
    Scenario(
        "LG105", "unbounded output fed to a loss that expects probabilities",
        broken=lambda c: (c.activation in UNBOUNDED_ACTIVATIONS and c.loss in PROBABILITY_LOSSES
                          and not c.from_logits and c.task != "regression"),
        fix=lambda c: {"activation": "linear", "from_logits": True},
        defaults={"loss": "bce", "task": "binary"},
    ),
    Scenario(
        "LG106", "NLLLoss on something other than log-probabilities",
        broken=lambda c: c.loss == "nll" and c.activation != "log_softmax",
        fix=lambda c: ({"activation": "log_softmax"} if c.activation == "softmax"
                       else {"activation": "linear", "loss": "sparse_cce", "from_logits": True}),
        defaults={"loss": "nll", "task": "multiclass"}, backends=("torch",),
    ),
    Scenario(
        "LG107", "softmax taken over the batch dimension",
        broken=lambda c: c.act_axis == "batch" and c.activation in ("softmax", "log_softmax"),
        fix=lambda c: {"act_axis": "units"},
        defaults={"loss": "nll", "task": "multiclass"}, backends=("torch",),
    ),
    Scenario(
        "LG108", "binary cross-entropy on single-label one-hot targets",
        broken=lambda c: (c.task == "multiclass" and c.loss == "bce" and c.labels == "one_hot"
                          and c.activation != "softmax"),
        fix=lambda c: {"activation": "softmax", "loss": "cce", "from_logits": False},
        defaults={"loss": "bce", "task": "multiclass", "reported_metric": "accuracy"}, backends=("keras",),
    ),
    Scenario(
        "LG201", "sparse categorical cross-entropy on one-hot labels",
        broken=lambda c: c.loss == "sparse_cce" and c.labels == "one_hot",
        fix=lambda c: {"loss": "cce"},
        defaults={"loss": "sparse_cce", "task": "multiclass"}, backends=("keras",),
    ),
    Scenario(
        "LG202", "categorical cross-entropy on integer labels",
        broken=lambda c: c.loss == "cce" and c.labels == "integer",
        fix=lambda c: {"loss": "sparse_cce"},
        defaults={"loss": "cce", "task": "multiclass"}, backends=("keras",),
    ),
    Scenario(
        "LG203", "output units differ from the number of classes in the labels",
        broken=lambda c: c.task == "multiclass" and c.units != c.n_classes,
        fix=lambda c: {"units": c.n_classes},
        defaults={"loss": "sparse_cce", "from_logits": True, "task": "multiclass"},
    ),
    Scenario(
        "LG204", "a single output unit trained with a categorical loss",
        broken=lambda c: c.units == 1 and c.loss in ("cce", "sparse_cce", "nll"),
        fix=lambda c: {"loss": "bce", "labels": "binary"},
        defaults={"loss": "cce", "task": "binary"},
    ),
    Scenario(
        "LG302", "binary cross-entropy on 0..255 targets",
        broken=lambda c: c.loss == "bce" and c.target_scale > 1,
        fix=_fix_scaled_targets,
        defaults={"loss": "bce", "task": "autoencoder"},
    ),
    Scenario(
        "LG301", "raw 0..255 images fed to the model",
        broken=lambda c: c.raw_inputs and c.task != "regression",
        fix=_fix_scaled_inputs,
        defaults={"loss": "sparse_cce", "from_logits": True, "task": "multiclass"},
    ),
    Scenario(
        "LG401", "accuracy reported for a regression",
        broken=lambda c: (c.task == "regression" and c.reported_metric in ("accuracy", "acc")
                          and c.units == 1 and c.activation == "linear"),
        fix=lambda c: {"reported_metric": "mae"},
        defaults={"loss": "mse", "task": "regression", "reported_metric": "accuracy"}, backends=("keras",),
    ),
    Scenario(
        "LG303", "bounded output trained to regress larger values",
        broken=lambda c: c.task == "regression" and c.activation in BOUNDED_ACTIVATIONS,
        fix=lambda c: {"activation": "linear"},
        defaults={"loss": "mse", "task": "regression"},
    ),
)}


def scenario_for(rule: str) -> Optional[Scenario]:
    return SCENARIOS.get(rule)


def as_written(scenario: Scenario, facts: Optional[Mapping[str, Any]], classes: Optional[int] = None) -> RunConfig:
    from lossguard.probe.spec import mirror

    return mirror(facts, scenario.defaults, classes)


def fixed(scenario: Scenario, written: RunConfig, single: bool = False
          ) -> tuple[RunConfig, list[tuple[str, RunConfig, RunConfig]]]:
    """The fixed configuration and the changes that led there: (rule, before, after) each."""
    config = written.with_(**scenario.fix(written))
    changes = [(scenario.rule, written, config)]
    if single:
        return config, changes
    for _ in range(len(SCENARIOS)):
        other = next((s for s in SCENARIOS.values() if s.rule != scenario.rule and s.broken(config)), None)
        if other is None:
            break
        before, config = config, config.with_(**other.fix(config))
        if config == before:
            break
        changes.append((other.rule, before, config))
    return config, changes
