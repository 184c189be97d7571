"""The training path: which loss calls are trained on.

A loss value (the Tensor returned by a loss call, see common.record_loss_call) remembers its calls
(`loss_of`) through arithmetic, means and sums, stacking, and the branches that join. It is *trained*
when it reaches a gradient: `loss.backward()`, `accelerator.backward(loss)`, `manual_backward`,
`scaler.scale(loss).backward()`, `tape.gradient(loss, ...)`, `optimizer.minimize(loss)`,
`torch.autograd.grad(loss, ...)`, or the return of Lightning's `training_step`; it is *evaluated*
when it is read out as a number or logged (`.item()`, `float(loss)`, `self.log(...)`). facts.py drops
the loss calls of a program that shows how it trains but never trains them (the loss printed after a
step, a calibration metric) — see `trained_calls` there.
"""

from __future__ import annotations

from typing import Any

from lossguard.analysis.registry import CALLS, CallCtx, on_call, on_method
from lossguard.analysis.values import UNKNOWN, DictVal, Function, Seq, Tensor, Value

# calls that differentiate what they are given (by the called name: the objects that do it — tapes,
# optimizers, accelerators, Lightning modules — are mostly unknown to the analysis)
GRADIENT_CALLS = frozenset({"backward", "manual_backward", "minimize", "gradient", "grad", "compute_gradients"})
# calls that only read a loss out or record it
LOGGING_CALLS = frozenset({"item", "tolist", "numpy", "log", "log_dict", "add_scalar", "add_scalars", "print",
                           "float"})
TRAINING_STEPS = frozenset({"training_step"})  # Lightning differentiates what this returns


def losses_in(value: Any, depth: int = 0) -> tuple:
    """The loss calls behind a value (a loss tensor, or a list / dict of them)."""
    if isinstance(value, Tensor):
        return value.loss_of
    if depth > 3:
        return ()
    if isinstance(value, Seq):
        return tuple(e for item in value.items for e in losses_in(item, depth + 1))
    if isinstance(value, DictVal):
        return tuple(e for item in value.items.values() for e in losses_in(item, depth + 1))
    return ()


def mark_trained(value: Any) -> None:
    for event in losses_in(value):
        event.trained = True


def mark_evaluated(value: Any) -> None:
    for event in losses_in(value):
        event.evaluated = True


def on_gradient_call(interp: Any, name: str, receiver: Value, args: list[Value], kwargs: dict[str, Value]) -> None:
    """A call named like a gradient (`backward`, `gradient`, `minimize`...): what it is given is trained."""
    if name == "backward":
        mark_trained(receiver)
    for value in list(args) + list(kwargs.values()):
        if isinstance(value, Function) and name == "minimize":
            value = interp.call_function(value, [], {})  # optimizer.minimize(lambda: loss_fn(...))
        mark_trained(value)


def on_logging_call(name: str, receiver: Value, args: list[Value], kwargs: dict[str, Value]) -> None:
    if name in ("item", "tolist", "numpy"):
        mark_evaluated(receiver)
    for value in list(args) + list(kwargs.values()):
        mark_evaluated(value)


def _loss_tensor(losses: tuple, like: Any = None) -> Tensor:
    return Tensor(training=getattr(like, "training", True), loss_of=losses)


@on_method(Tensor, "mean", "sum", "nansum", "nanmean")
def _tensor_reduce(t: Tensor, name: str, ctx: CallCtx) -> Value:
    if t.loss_of:
        return _loss_tensor(t.loss_of, t)
    return UNKNOWN


def _reducer(previous: Any):
    """torch.mean(loss), tf.reduce_mean(loss), torch.stack(losses).sum(), sum(losses), tf.add_n(...):
    loss values stay loss values; anything else keeps what the call meant before."""
    def handler(ctx: CallCtx) -> Value:
        losses = tuple(e for value in list(ctx.args) + list(ctx.kwargs.values()) for e in losses_in(value))
        if losses:
            return _loss_tensor(losses)
        return previous(ctx) if previous is not None else UNKNOWN
    return handler


for _name in ("torch.mean", "torch.sum", "torch.stack", "torch.cat", "torch.concat", "tensorflow.reduce_mean",
              "tensorflow.reduce_sum", "tensorflow.math.reduce_mean", "tensorflow.math.reduce_sum",
              "tensorflow.add_n", "tensorflow.math.add_n", "keras.ops.mean", "keras.ops.sum", "builtins.sum"):
    CALLS[_name] = _reducer(CALLS.get(_name))


class _GradScaler(Value):
    """torch's GradScaler: `scaler.scale(loss)` is the loss, scaled."""

    __slots__ = ()


@on_call("torch.cuda.amp.GradScaler", "torch.amp.GradScaler", "torch.cpu.amp.GradScaler")
def _grad_scaler(ctx: CallCtx) -> Value:
    return _GradScaler()


@on_method(_GradScaler, "*")
def _grad_scaler_method(scaler: _GradScaler, name: str, ctx: CallCtx) -> Value:
    if name == "scale":
        return ctx.arg(0, "outputs")
    return UNKNOWN
