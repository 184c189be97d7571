"""What the interpreter records while it runs: the raw material of facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import libcst as cst

from lossguard.analysis.values import UNKNOWN, Head, LossFn, Value


@dataclass(eq=False)
class LossEvent:
    """A loss reads a prediction and a target: a criterion call, a Keras fit, or a compile."""

    loss: LossFn
    pred: Value
    target: Value
    node: cst.CSTNode  # the training call: fit(...), criterion(...), or compile(...) if never fit
    via: str  # "call" | "fit" | "compile"
    training: bool = True
    inputs: Value = UNKNOWN  # Keras fit's x
    metrics: tuple[tuple[str, cst.CSTNode], ...] = ()
    compile_node: Optional[cst.CSTNode] = None
    setup: tuple["SetupEvent", ...] = ()  # what this compile / fit itself says (optimizer=, batch_size=)
    # the training path (calls only): its value reached a gradient (backward(), tape.gradient, minimize,
    # the return of training_step), or it was only read out as a number or logged
    trained: bool = False
    evaluated: bool = False


@dataclass
class ActivationEvent:
    """A softmax / log_softmax applied to something whose width is known (for LG102)."""

    head: Head
    training: bool = True  # on the training path (not applied to outputs computed under no_grad)


@dataclass(frozen=True)
class SetupEvent:
    """A literal training setting (what `lossguard probe` mirrors): an optimizer constructed or named
    (its family, and its learning rate / momentum when literal), or a literal batch size."""

    framework: str  # keras | torch
    node: Optional[cst.CSTNode]
    optimizer: Optional[str] = None  # sgd | adam | adamw | rmsprop | adagrad | adadelta | adamax | nadam | other
    learning_rate: Optional[float] = None
    momentum: Optional[float] = None
    batch_size: Optional[int] = None


@dataclass
class EventLog:
    losses: list[LossEvent] = field(default_factory=list)
    activations: list[ActivationEvent] = field(default_factory=list)
    setup: list[SetupEvent] = field(default_factory=list)  # optimizers and batch sizes, anywhere in the program


def _same_framework(a: str, b: str) -> bool:
    return (a == "torch") == (b == "torch")  # keras and raw tf code share Keras optimizers


def _unique(values: list[Any]) -> Any:
    distinct = set(values)
    return values[0] if len(distinct) == 1 else None


def training_setup(event: LossEvent, log: EventLog) -> Optional[dict]:
    """The literal optimizer / learning rate / momentum / batch size of one training link, as plain data.

    What the link's own compile()/fit() says wins; otherwise the program's optimizers (torch.optim.*,
    keras.optimizers.*) and batch sizes (DataLoader(batch_size=...)) of the same framework count when
    they all agree. Nothing is guessed: an unknown or ambiguous setting is left out.
    """
    framework = event.loss.framework
    own_optimizer = next((s for s in event.setup if s.optimizer), None)
    own_batch = next((s.batch_size for s in event.setup if s.batch_size), None)
    out: dict = {}
    optimizer = own_optimizer
    if optimizer is None:
        found = [s for s in log.setup if s.optimizer and _same_framework(s.framework, framework)]
        optimizer = found[0] if found and _unique([(s.optimizer, s.learning_rate, s.momentum) for s in found]) else None
    if optimizer is not None:
        out["optimizer"] = optimizer.optimizer
        if optimizer.learning_rate is not None:
            out["learning_rate"] = optimizer.learning_rate
        if optimizer.momentum is not None:
            out["momentum"] = optimizer.momentum
    batch = own_batch
    if batch is None:
        batch = _unique([s.batch_size for s in log.setup if s.batch_size and _same_framework(s.framework, framework)])
    if batch is not None:
        out["batch_size"] = batch
    return out or None
