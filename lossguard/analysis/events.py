"""What the interpreter records while it runs: the raw material of facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from lossguard.analysis.values import UNKNOWN, Head, LossFn, Value


@dataclass
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


@dataclass
class ActivationEvent:
    """A softmax / log_softmax applied to something whose width is known (for LG102)."""

    head: Head


@dataclass
class EventLog:
    losses: list[LossEvent] = field(default_factory=list)
    activations: list[ActivationEvent] = field(default_factory=list)
