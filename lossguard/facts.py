"""Framework-neutral facts: what rules read. Produced by `extract_facts` from interpreter events.

A Keras `Dense(10, activation="softmax")`, a `Softmax()` layer after `Dense(10)`, `tf.nn.softmax`
in `call()` and `F.softmax(x, dim=1)` in `forward()` all become the same `OutputHead`; a Keras
`from_logits=True` loss and a torch `CrossEntropyLoss` both become a `LossUse` expecting logits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import libcst as cst

from lossguard.analysis.events import training_setup
from lossguard.analysis.libraries.common import fed_to
from lossguard.analysis.values import DataInfo, Head, LossFn, Tensor, Value, is_symbolic

UNBOUNDED = frozenset({"linear", "relu", "tanh", "elu"})  # outputs that are not probabilities
BOUNDED = frozenset({"softmax", "sigmoid", "tanh"})  # outputs confined to a small range


@dataclass(frozen=True)
class OutputHead:
    """The last operation of a model output that reaches a loss."""

    activation: str  # softmax|sigmoid|log_softmax|linear|relu|tanh|elu|other|unknown
    units: Optional[int]
    framework: str
    activation_at: Optional[cst.CSTNode]  # where the activation is written
    layer_at: Optional[cst.CSTNode]  # the output layer
    dim: Optional[int] = None
    dim_given: bool = False
    layer_kind: Optional[str] = None
    activation_value_at: Optional[cst.CSTNode] = None  # the "softmax" of activation="softmax"
    activation_call: Optional[cst.CSTNode] = None  # F.softmax(x, dim=1) wrapping the output...
    activation_input: Optional[cst.CSTNode] = None  # ...and the x it wraps
    activation_form: Optional[str] = None  # function | method | module | layer
    rank: Optional[int] = None  # dimensions of the output, when known
    activation_rank: Optional[int] = None  # dimensions of the tensor the activation was applied to
    reshaped: bool = False  # the width the loss sees was changed to an unknown value (view(1, -1), broadcasting)

    @property
    def location(self) -> Optional[cst.CSTNode]:
        return self.activation_at or self.layer_at

    def summary(self) -> dict:
        return {"framework": self.framework,
                "output": {"activation": self.activation, "units": self.units, "dim": self.dim}}

    def softmax_dim(self) -> Optional[int]:
        """The axis a torch softmax is taken along, non-negative when the rank is known. Without `dim`,
        PyTorch picks dim 0 for 0-, 1- and 3-D inputs and dim 1 otherwise (None: rank unknown)."""
        rank = self.activation_rank
        dim = self.dim
        if not self.dim_given:
            if rank is None:
                return None
            dim = 0 if rank in (0, 1, 3) else 1
        if dim is not None and dim < 0 and rank is not None:
            dim += rank
        return dim

    def over_units_axis(self) -> Optional[bool]:
        """Is a softmax taken along the axis that holds the units (classes)?"""
        if self.framework == "torch" and self.activation_rank is not None:
            rank, dim = self.activation_rank, self.softmax_dim()
            if rank == 1:
                return dim == 0  # one vector of scores: its only axis holds the units
            if dim == 0:
                return False
        if self.framework == "torch":
            if self.dim is None:
                return True  # implicit dim: 1 for the (batch, classes) outputs of Linear and Conv
            if self.dim == 0:
                return False
            if self.layer_kind == "conv":
                return self.dim in (1, -3)
            return self.dim in (1, -1)
        return self.dim in (None, -1)


@dataclass(frozen=True)
class LossUse:
    name: str  # as the user wrote it: binary_crossentropy, nn.BCELoss, F.cross_entropy...
    family: str  # binary|categorical|sparse_categorical|nll|regression|other
    expects: str  # probabilities|logits|log_probabilities|values|unknown
    framework: str
    at: Optional[cst.CSTNode]
    target_format: str  # one_hot|integer|binary|index_or_prob|values|any
    from_logits_at: Optional[cst.CSTNode] = None
    callable_kind: str = "object"

    @property
    def is_cross_entropy(self) -> bool:
        return self.family in ("binary", "categorical", "sparse_categorical", "nll")


@dataclass(frozen=True)
class Labels:
    """What reaches the loss as target."""

    encoding: Optional[str]  # one_hot|integer|binary|multi_hot|continuous|None
    n_classes: Optional[int]
    classes_at: Optional[cst.CSTNode]
    value_range: Optional[str]  # "0..255" | "0..1" | "scaled" | None
    origin: Optional[cst.CSTNode]
    target_range: Optional[tuple[float, float]] = None
    target_name: Optional[str] = None


@dataclass(frozen=True)
class MetricUse:
    name: str
    at: cst.CSTNode


@dataclass(frozen=True)
class TrainingLink:
    """One output meeting one loss at a training call (fit / criterion call / compile)."""

    head: Optional[OutputHead]
    loss: LossUse
    labels: Optional[Labels]
    raw_pixels_from: Optional[cst.CSTNode]  # where 0..255 images came from, if they reach the model unscaled
    at: cst.CSTNode
    via: str  # call | fit | compile
    metrics: tuple[MetricUse, ...] = ()
    compile_at: Optional[cst.CSTNode] = None
    target_is_input: bool = False  # fit(x, x) / criterion(model(x), x): an autoencoder
    training: Optional[dict] = None  # literal optimizer, learning rate, momentum, batch size (events.training_setup)

    def summary(self) -> dict:
        """The facts of this link as plain data (JSON `facts` of a finding; what the probe mirrors)."""
        out: dict = {"framework": self.head.framework if self.head else self.loss.framework, "via": self.via,
                     "loss": {"name": self.loss.name, "family": self.loss.family, "expects": self.loss.expects}}
        if self.head is not None:
            out["output"] = {"activation": self.head.activation, "units": self.head.units, "dim": self.head.dim}
        if self.labels is not None:
            out["labels"] = {"encoding": self.labels.encoding, "n_classes": self.labels.n_classes,
                             "value_range": self.labels.value_range,
                             "target_range": list(self.labels.target_range) if self.labels.target_range else None}
        out["raw_pixel_inputs"] = self.raw_pixels_from is not None
        out["autoencoder"] = self.target_is_input
        out["metrics"] = [m.name for m in self.metrics]
        if self.training:
            out["training"] = dict(self.training)
        return out


@dataclass
class ProgramFacts:
    links: list[TrainingLink] = field(default_factory=list)
    softmaxes: list[OutputHead] = field(default_factory=list)  # every softmax/log_softmax application
    statement_of: dict[int, cst.CSTNode] = field(default_factory=dict)  # id(node) → innermost statement
    # id(statement) → the imported module (ModuleVal) it belongs to; the entry's statements are absent
    statement_module: dict[int, Any] = field(default_factory=dict)
    # id(node) of another module's code run from the checked file → the checked file's statement
    # that reached it (a finding that lies wholly in imported modules is shown from there)
    anchor_of: dict[int, cst.CSTNode] = field(default_factory=dict)
    # when some runs followed given branch paths (see BranchPath): the facts of the plain run alone
    merged_run: Optional["ProgramFacts"] = None

    def module_of(self, node: cst.CSTNode) -> Any:
        """The imported module (a ModuleVal with its LocalModule `source`) holding `node`, or None
        when the node is in the program's own (checked) file."""
        statement = self.statement_of.get(id(node))
        return self.statement_module.get(id(statement)) if statement is not None else None


def _head(head: Optional[Head]) -> Optional[OutputHead]:
    if head is None:
        return None
    return OutputHead(
        activation=head.activation, units=head.units, framework=head.framework, activation_at=head.act_node,
        layer_at=head.layer_node, dim=head.dim, dim_given=head.dim_given, layer_kind=head.layer_kind,
        activation_value_at=head.act_value_node, activation_call=head.act_call, activation_input=head.act_input,
        activation_form=head.act_form, rank=head.rank, activation_rank=head.act_rank, reshaped=head.reshaped,
    )


def _labels(target: Value) -> Optional[Labels]:
    if not isinstance(target, Tensor) or target.data is None or target.head is not None:
        return None
    d: DataInfo = target.data
    return Labels(encoding=d.encoding, n_classes=d.n_classes, classes_at=d.classes_node, value_range=d.value_range,
                  origin=d.origin, target_range=d.target_range, target_name=d.target_name)


def _loss(loss: LossFn) -> LossUse:
    return LossUse(name=loss.name, family=loss.family, expects=loss.expects, framework=loss.framework,
                   at=loss.node, target_format=loss.target_format, from_logits_at=loss.from_logits_node,
                   callable_kind=loss.callable_kind)


def _raw_pixels(pred: Value, inputs: Value) -> Optional[cst.CSTNode]:
    if not isinstance(pred, Tensor):
        return None
    raw = pred.raw_path
    if raw is None:
        return None
    if is_symbolic(raw):
        fed = fed_to(pred.model, raw, inputs)
        if isinstance(fed, Tensor) and fed.data is not None and fed.data.value_range == "0..255":
            return fed.data.origin
        return None
    return raw  # type: ignore[return-value]


def _same_data(target: Value, inputs: Value, pred: Value) -> bool:
    if isinstance(target, Tensor) and target.data is not None:
        if target is inputs:
            return True
        if isinstance(pred, Tensor) and pred.source_input is not None and pred.source_input is target:
            return True
    return False


def trained_calls(losses: list) -> set:
    """The loss calls that are on the training path (rules.md: "a loss counts when its value is
    trained on"). A program that shows how it trains (a call reaching a gradient, a Keras compile or
    fit) trains those only: a loss it computes for printing, a metric or a validation step is not
    training. A program that shows no training step (a snippet, a helper nobody calls) keeps its loss
    calls, except those it only reads out as numbers (`.item()`) or logs."""
    calls = [e for e in losses if e.via == "call"]
    shown = any(e.trained for e in calls) or any(e.via in ("fit", "compile") for e in losses)
    return {e for e in calls if e.trained or (not shown and not e.evaluated)}


def extract_facts(module: cst.Module, loader: Any = None) -> ProgramFacts:
    """Run the interpreter over a program (a module, and with a project `loader` the project modules
    it imports) and reduce what it saw to facts."""
    from lossguard.analysis.interpreter import Interpreter

    interpreter = Interpreter(module, loader)
    runs = [interpreter.run()]
    facts = ProgramFacts(statement_of=interpreter.stmt_of, statement_module=interpreter.stmt_module,
                         anchor_of=interpreter.anchor_of)
    for path in interpreter.alternatives:  # one more run per model the merge of branches forgot
        alternative = Interpreter(module, loader, forced=path)
        runs.append(alternative.run())
        for mine, theirs in ((facts.statement_of, alternative.stmt_of), (facts.statement_module, alternative.stmt_module),
                             (facts.anchor_of, alternative.anchor_of)):
            for key, value in theirs.items():
                mine.setdefault(key, value)
    if len(runs) > 1:
        facts.merged_run = ProgramFacts(statement_of=facts.statement_of, statement_module=facts.statement_module,
                                        anchor_of=facts.anchor_of)
        _add_run(facts.merged_run, runs[0], set())
    seen: set[int] = set()
    for events in runs:
        _add_run(facts, events, seen)
    return facts


def _add_run(facts: ProgramFacts, events: Any, seen: set[int]) -> None:
    _add_links(facts, events)
    for activation in events.activations:
        if not activation.training:
            continue  # a prediction's softmax (under no_grad / inference_mode): not on the training path
        head = _head(activation.head)
        if head is None or head.location is None or id(head.location) in seen:
            continue
        seen.add(id(head.location))
        facts.softmaxes.append(head)


def _add_links(facts: ProgramFacts, events: Any) -> None:
    trained = trained_calls(events.losses)
    for event in events.losses:
        if not event.training or (event.via == "call" and event not in trained):
            continue
        pred = event.pred
        if isinstance(pred, Tensor) and not pred.training:
            continue
        head = _head(pred.head) if isinstance(pred, Tensor) else None
        facts.links.append(TrainingLink(
            head=head, loss=_loss(event.loss), labels=_labels(event.target),
            raw_pixels_from=_raw_pixels(pred, event.inputs), at=event.node, via=event.via,
            metrics=tuple(MetricUse(name, node) for name, node in event.metrics), compile_at=event.compile_node,
            target_is_input=_same_data(event.target, event.inputs, pred),
            training=training_setup(event, events),
        ))
