"""PyTorch: check what reaches the loss on the first real batches, then unhook.

    from lossguard.runtime.torch import guard, watch

    criterion = guard(nn.CrossEntropyLoss())     # the same module, with a pre-forward hook
    loss_fn = guard(F.nll_loss)                  # a wrapper of the function
    with watch(model) as report:                 # the model's input, and every loss of the batch
        train(model, loader)

`guard` checks the first `batches` calls of one loss (default 1), then removes its hook (a guarded function
becomes a plain pass-through). `watch` checks what reaches the model's first learned layer (Conv / Linear) and
every call of the four loss functions of `torch.nn.functional` (`cross_entropy`, `nll_loss`,
`binary_cross_entropy`, `binary_cross_entropy_with_logits`; the `nn.*Loss` modules call them) until `batches`
batches have been seen, a batch ending when the model is called again after a loss. While it watches,
those four functions are wrapped in `torch.nn.functional`; afterwards (or on `close()` / leaving the `with`
block) the originals are put back and every hook is removed: later batches run exactly as without lossguard.
A function bound before the watch started (`loss_fn = F.cross_entropy` at import or in `__init__`, `from
torch.nn.functional import cross_entropy`) is not seen that way: the report's notes say when no loss was
seen; guard such a function. The trainer callbacks (`Watch(..., external_batches=True)`, batches marked by
`begin_batch` / `end_batch`) see every call however it was bound: between the two they push a
`TorchFunctionMode`, torch's own mechanism for intercepting its functions.

Where a prediction came from is read from its autograd graph (through views, copies and clamps): a
`SigmoidBackward0` before `BCEWithLogitsLoss` is LG104 without any guess; a linear layer's output
(`AddmmBackward0`...) whose rows happen to sum to 1 is not.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import threading
from typing import Any, Callable, Optional

import torch
import torch.nn.functional as F
from torch import nn
from torch.overrides import TorchFunctionMode

from lossguard.runtime.checks import (LOG_SOFTMAX, RAW, SIGMOID, SOFTMAX, OTHER, LossCall, LossSpec, Origin,
                                      _Arrays, check_loss, dtype_name, lg301, raw_image, raw_values)
from lossguard.runtime.report import Emitter, LossGuardError, Report

__all__ = ["guard", "watch", "Watch", "Report", "LossGuardError"]

# name -> (family, what the loss expects)
_FUNCTIONS = {
    "cross_entropy": ("cross_entropy", "logits"),
    "nll_loss": ("nll", "log_probabilities"),
    "binary_cross_entropy": ("binary", "probabilities"),
    "binary_cross_entropy_with_logits": ("binary", "logits"),
}
_ORIGINAL: dict[str, Callable] = {name: getattr(F, name) for name in _FUNCTIONS}
_SIGNATURES = {name: inspect.signature(fn) for name, fn in _ORIGINAL.items()}
_MODULES = {nn.CrossEntropyLoss: "cross_entropy", nn.NLLLoss: "nll_loss", nn.BCELoss: "binary_cross_entropy",
            nn.BCEWithLogitsLoss: "binary_cross_entropy_with_logits"}
_LEARNED = (nn.Linear, nn.Bilinear, nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.ConvTranspose1d, nn.ConvTranspose2d,
            nn.ConvTranspose3d)

# Autograd nodes that keep values (views, copies, casts, row selections, clamps) and those that make them.
_SAME_SHAPE = {"ToCopyBackward0", "CloneBackward0", "AliasBackward0", "ClampBackward0", "ClampBackward1",
               "ClampMinBackward0", "ClampMaxBackward0", "ContiguousBackward0"}
_PASS = _SAME_SHAPE | {
    "ViewBackward0", "UnsafeViewBackward0", "ReshapeAliasBackward0", "SqueezeBackward0", "SqueezeBackward1",
    "SqueezeBackward2", "UnsqueezeBackward0", "PermuteBackward0", "TransposeBackward0", "TransposeBackward1",
    "TBackward0", "SelectBackward0", "SliceBackward0", "IndexBackward0", "IndexSelectBackward0",
    "ExpandBackward0", "SplitBackward0", "SplitWithSizesBackward0", "UnbindBackward0", "NarrowBackward0",
    "AsStridedBackward0", "FlattenBackward0", "UnflattenBackward0"}
_RAW = {"AddmmBackward0", "MmBackward0", "BmmBackward0", "MvBackward0", "AddmvBackward0", "BaddbmmBackward0",
        "AddbmmBackward0", "ConvolutionBackward0", "MkldnnConvolutionBackward0", "CudnnConvolutionBackward0",
        "MkldnnLinearBackward0", "EmbeddingBackward0", "ReluBackward0", "GeluBackward0", "LeakyReluBackward0",
        "LeakyReluBackward1", "EluBackward0", "SiluBackward0", "HardtanhBackward0", "TanhBackward0",
        "SoftplusBackward0", "MishBackward0", "PreluKernelBackward0", "ThresholdBackward0"}
_ARRAYS = _Arrays(torch)


def _debug() -> bool:
    return os.environ.get("LOSSGUARD_DEBUG", "") not in ("", "0")


def origin_of(tensor: torch.Tensor) -> Origin:
    """What produced `tensor`, read from its autograd graph through value-keeping operations."""
    fn = getattr(tensor, "grad_fn", None)
    same_shape = True
    for _ in range(32):
        if fn is None:
            return Origin()
        name = fn.name()
        if name in _PASS:
            same_shape = same_shape and name in _SAME_SHAPE
            nxt = fn.next_functions
            fn = nxt[0][0] if nxt else None
            continue
        if name in ("SoftmaxBackward0", "LogSoftmaxBackward0"):
            dim = getattr(fn, "_saved_dim", None)
            kind = SOFTMAX if name == "SoftmaxBackward0" else LOG_SOFTMAX
            dim_text = f" (dim={dim})" if dim is not None and same_shape else ""
            return Origin(kind, int(dim) if same_shape and dim is not None else None,
                          f"its autograd graph ends in {name}{dim_text}")
        if name == "SigmoidBackward0":
            return Origin(SIGMOID, None, "its autograd graph ends in SigmoidBackward0")
        if name in _RAW:
            return Origin(RAW, None, f"its autograd graph ends in {name}")
        return Origin(OTHER, None, f"its autograd graph ends in {name}")
    return Origin()


def _plain(t: Any) -> bool:
    """A real tensor with values (not meta / fake / a traced subclass)."""
    if not isinstance(t, torch.Tensor) or t.device.type == "meta":
        return False
    if type(t) not in (torch.Tensor, nn.Parameter):
        return False
    try:
        if torch.compiler.is_compiling():
            return False
    except AttributeError:  # pragma: no cover - older torch
        pass
    return True


def _reduction(arguments: dict) -> str:
    if arguments.get("reduce") is False:
        return "none"
    return arguments.get("reduction") or "mean"


class _Session:
    """One guard / watch: the report, the mode, and the checks of loss calls."""

    def __init__(self, batches: int, mode: str, report: Optional[Report] = None):
        if not isinstance(batches, int) or batches < 1:
            raise ValueError(f"batches must be a positive integer, not {batches!r}")
        self.limit = batches
        self.emitter = Emitter(mode, report)
        self.report = self.emitter.report

    def check_loss(self, name: str, display: str, arguments: dict, batch: int, extra: Optional[list] = None,
                   model_input: Optional[torch.Tensor] = None) -> None:
        """Check one loss call and tell what it found (with `extra` evidence found earlier in the batch)."""
        extra = list(extra or [])
        evidence = self.loss_evidence(name, display, arguments, batch)
        target = arguments.get("target")
        if extra and any(e.code == "LG302" for e in evidence) and _same_tensor(target, model_input):
            extra = [e for e in extra if e.code != "LG301"]  # the autoencoder case: LG302 only (the catalogue)
        self.emitter.emit(extra + evidence, batch, display)

    def loss_evidence(self, name: str, display: str, arguments: dict, batch: int) -> list:
        pred, target = arguments.get("input"), arguments.get("target")
        if not (_plain(pred) and _plain(target)):
            return []
        family, expects = _FUNCTIONS[name]
        weight = arguments.get("weight")
        ignore = arguments.get("ignore_index", -100) if family in ("cross_entropy", "nll") else None
        spec = LossSpec("torch", family, expects, display, class_axis=1 if pred.dim() > 1 else 0,
                        ignore_index=ignore, reduction=_reduction(arguments))
        call = LossCall(spec, pred, target, torch, origin=origin_of(pred), pred_dtype=dtype_name(pred.dtype),
                        element_weight=weight if family == "binary" and _plain(weight) else None)
        return self.run(lambda: check_loss(call), batch, display,
                        f"batch {batch}: {display} input {tuple(pred.shape)} {dtype_name(pred.dtype)}, "
                        f"target {tuple(target.shape)} {dtype_name(target.dtype)}")

    def run(self, fn: Callable[[], list], batch: int, where: str, line: str) -> list:
        """The evidence `fn` finds; a lossguard bug becomes a note, never an error in training."""
        try:
            with torch.no_grad():
                evidence = fn()
        except LossGuardError:
            raise
        except Exception as exc:
            if _debug():
                raise
            self.report.notes.append(f"batch {batch}: {where} not checked: internal error {exc!r}")
            return []
        self.report.checked.append(line)
        return evidence


def _same_tensor(a: Any, b: Any) -> bool:
    """`a` holds the same values as `b` (the same tensor, a view of it, or equal values)."""
    if not (_plain(a) and _plain(b)) or a.numel() != b.numel():
        return False
    if a is b or (a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr() and a.shape == b.shape):
        return True
    with torch.no_grad():
        return bool(torch.equal(a.detach().reshape(-1).to(b.dtype), b.detach().reshape(-1)))


def _bind(name: str, args: tuple, kwargs: dict) -> dict:
    bound = _SIGNATURES[name].bind_partial(*args, **kwargs)
    return dict(bound.arguments)


def _module_arguments(module: nn.Module, name: str, args: tuple, kwargs: dict) -> dict:
    values = list(args)
    arguments = {}
    for key in ("input", "target"):
        if key in kwargs:
            arguments[key] = kwargs[key]
        elif values:
            arguments[key] = values.pop(0)
    arguments["weight"] = getattr(module, "weight", None)
    arguments["reduction"] = getattr(module, "reduction", "mean")
    if hasattr(module, "ignore_index"):
        arguments["ignore_index"] = module.ignore_index
    return arguments


def _module_display(module: nn.Module) -> str:
    return f"nn.{type(module).__name__}()"


def _loss_function_name(fn: Any) -> Optional[str]:
    for name, original in _ORIGINAL.items():
        if fn is original or getattr(fn, "_lossguard_function", None) == name:
            return name
    return None


def guard(loss: Any, *, batches: int = 1, mode: str = "warn", report: Optional[Report] = None) -> Any:
    """Check the first `batches` calls of a loss, then unhook.

    `loss` is an `nn.CrossEntropyLoss` / `nn.NLLLoss` / `nn.BCELoss` / `nn.BCEWithLogitsLoss` instance (the
    same module is returned, with a pre-forward hook) or one of `F.cross_entropy`, `F.nll_loss`,
    `F.binary_cross_entropy`, `F.binary_cross_entropy_with_logits` (a wrapper is returned). The report is
    `returned.lossguard_report` (or `report`, when given). `mode`: "warn" (default), "raise" or "log".
    """
    session = _Session(batches, mode, report)
    if isinstance(loss, nn.Module):
        name = next((n for cls, n in _MODULES.items() if isinstance(loss, cls) and type(loss).forward is cls.forward),
                    None)
        if name is None:
            raise TypeError(f"lossguard.runtime.torch.guard does not know {type(loss).__name__}: it checks "
                            f"{', '.join('nn.' + c.__name__ for c in _MODULES)} (a subclass that keeps their "
                            f"forward), or their torch.nn.functional functions")
        display = _module_display(loss)
        calls = [0]

        def hook(module: nn.Module, args: tuple, kwargs: dict) -> None:
            if not session.report.active:
                return None
            calls[0] += 1
            session.report.batches = calls[0]
            if calls[0] >= session.limit:
                handle.remove()
                session.report.active = False
            if _PATCHES.watchers or _PATCHES.modes:
                module._lossguard_pending = True  # the watch's wrapper of F.* skips this call: checked here
            try:
                session.check_loss(name, display, _module_arguments(module, name, args, kwargs), calls[0])
            except LossGuardError:
                handle.remove()
                session.report.active = False
                module.__dict__.pop("_lossguard_pending", None)
                raise
            return None

        handle = loss.register_forward_pre_hook(hook, with_kwargs=True)
        loss.lossguard_report = session.report
        return loss

    name = _loss_function_name(loss)
    if name is None:
        raise TypeError(f"lossguard.runtime.torch.guard does not know {loss!r}: it checks "
                        f"{', '.join('F.' + n for n in _FUNCTIONS)} and their nn.*Loss modules")
    original = _ORIGINAL[name]
    display = f"F.{name}"
    calls = [0]

    @functools.wraps(original)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if session.report.active:
            calls[0] += 1
            session.report.batches = calls[0]
            if calls[0] >= session.limit:
                session.report.active = False
            try:
                session.check_loss(name, display, _bind(name, args, kwargs), calls[0])
            except LossGuardError:
                session.report.active = False
                raise
        return original(*args, **kwargs)

    guarded.lossguard_report = session.report  # type: ignore[attr-defined]
    guarded._lossguard_function = name  # type: ignore[attr-defined]
    return guarded


# ------------------------------------------------------------------------------------------------ watch


class _Patches:
    """The four loss functions of torch.nn.functional, wrapped while at least one watch is open."""

    def __init__(self) -> None:
        self.watchers: list[Watch] = []
        self.modes = 0  # _LossMode instances pushed
        self._local = threading.local()

    @property
    def calling(self) -> int:
        """> 0 while a wrapped function runs the original in this thread (its checks are done)."""
        return getattr(self._local, "calling", 0)

    @calling.setter
    def calling(self, value: int) -> None:
        self._local.calling = value

    def add(self, watcher: Watch) -> None:
        if not self.watchers:
            for name in _FUNCTIONS:
                setattr(F, name, _patched(name))
        self.watchers.append(watcher)

    def discard(self, watcher: Watch) -> None:
        if watcher in self.watchers:
            self.watchers.remove(watcher)
        if not self.watchers:
            for name in _FUNCTIONS:
                if getattr(getattr(F, name), "_lossguard_patch", False):
                    setattr(F, name, _ORIGINAL[name])


_PATCHES = _Patches()


def _patched(name: str) -> Callable:
    original = _ORIGINAL[name]

    @functools.wraps(original)
    def patched(*args: Any, **kwargs: Any) -> Any:
        if _PATCHES.watchers and not _PATCHES.calling:  # (torch re-enters it under a TorchFunctionMode)
            caller = sys._getframe(1).f_locals.get("self")
            pending = isinstance(caller, nn.Module) and caller.__dict__.pop("_lossguard_pending", False)
            if not pending:  # a guarded module has checked this call itself
                display = _module_display(caller) if isinstance(caller, tuple(_MODULES)) else f"F.{name}"
                arguments = None
                for watcher in list(_PATCHES.watchers):
                    if arguments is None:
                        arguments = _bind(name, args, kwargs)
                    watcher._on_loss(name, display, arguments)
            _PATCHES.calling += 1
            try:
                return original(*args, **kwargs)
            except BaseException:  # training stops here (torch's own error): leave torch as it was
                for watcher in list(_PATCHES.watchers):
                    watcher.discard_pending()
                    watcher.close()
                raise
            finally:
                _PATCHES.calling -= 1
        return original(*args, **kwargs)

    patched._lossguard_patch = True  # type: ignore[attr-defined]
    patched._lossguard_function = name  # type: ignore[attr-defined]
    return patched


def _caller_loss_module(max_depth: int = 6) -> Optional[nn.Module]:
    """The `nn.*Loss` module whose forward is calling (a few frames up), if any."""
    frame = sys._getframe(2)
    for _ in range(max_depth):
        if frame is None:
            return None
        caller = frame.f_locals.get("self")
        if isinstance(caller, tuple(_MODULES)):
            return caller
        frame = frame.f_back
    return None


class _LossMode(TorchFunctionMode):
    """Sees every call of the four loss functions, however they were bound (`loss_fn = F.cross_entropy` in
    an `__init__`, `from torch.nn.functional import ...`): pushed and popped by a trainer's batch hooks."""

    def __init__(self, watcher: Watch):
        super().__init__()
        self.watcher = watcher

    def __torch_function__(self, func: Any, types: Any, args: tuple = (), kwargs: Optional[dict] = None) -> Any:
        kwargs = kwargs or {}
        name = _LOSS_NAMES.get(func) or getattr(func, "_lossguard_function", None)
        if name is not None and not self.watcher.closed:
            module = _caller_loss_module()
            if module is None or not module.__dict__.pop("_lossguard_pending", False):
                display = _module_display(module) if module is not None else f"F.{name}"
                self.watcher._on_loss(name, display, _bind(name, args, kwargs))
        return func(*args, **kwargs)


_LOSS_NAMES = {fn: name for name, fn in _ORIGINAL.items()}


def _first_tensor(args: tuple, kwargs: dict) -> Optional[torch.Tensor]:
    for key in ("pixel_values", "images", "image", "x", "input", "inputs"):
        if isinstance(kwargs.get(key), torch.Tensor):
            return kwargs[key]
    for value in list(args) + list(kwargs.values()):
        if isinstance(value, torch.Tensor):
            return value
    return None


def batch_input(batch: Any) -> Optional[torch.Tensor]:
    """The model input of a data-loader batch: a tensor, the first tensor of a tuple/list, or a dict's image."""
    if isinstance(batch, torch.Tensor):
        return batch
    if isinstance(batch, (tuple, list)):
        return _first_tensor(tuple(batch), {})
    if isinstance(batch, dict):
        return _first_tensor((), dict(batch))
    return None


class Watch:
    """A model watched for its first `batches` batches (see the module documentation)."""

    def __init__(self, model: nn.Module, *, batches: int = 1, mode: str = "warn", report: Optional[Report] = None,
                 external_batches: bool = False):
        if not isinstance(model, nn.Module):
            raise TypeError(f"watch() needs an nn.Module, not {type(model).__name__}")
        self.session = _Session(batches, mode, report)
        self.report = self.session.report
        self.model = model
        self._external = external_batches
        self._batch = 1
        self._losses_in_batch = 0
        self._forwards = 0
        self._model_input: Optional[torch.Tensor] = None
        self._layer_seen = False
        self._closed = False
        self._pending: list = []
        self._pending_where = ""
        self._handles = [model.register_forward_pre_hook(self._on_forward, with_kwargs=True)]
        self._handles += [m.register_forward_pre_hook(self._on_layer) for m in model.modules()
                          if isinstance(m, _LEARNED)]
        self._mode: Optional[_LossMode] = None
        self._losses = 0
        if not external_batches:
            _PATCHES.add(self)

    @staticmethod
    def _validate(batches: int, mode: str) -> None:
        _Session(batches, mode)

    @property
    def closed(self) -> bool:
        return self._closed

    def discard_pending(self) -> None:
        """Forget evidence not told yet (an error is on its way out: do not replace it)."""
        self._pending = []

    def _emitting(self, fn: Callable[[], None]) -> None:
        """Run `fn`; in mode "raise" the watch is over once it raises."""
        try:
            fn()
        except LossGuardError:
            self._pending = []
            self.close()
            raise

    # -- batches
    def begin_batch(self, batch: Any = None) -> None:
        """Start a batch (trainer callbacks; pair with `end_batch`): `batch` is the data-loader batch (the
        model input, for the image check). Until `end_batch`, every loss function call is seen."""
        if self._closed:
            return
        self._model_input = batch_input(batch) if batch is not None else None
        self._layer_seen = False
        if self._external and self._mode is None:
            self._mode = _LossMode(self)
            self._mode.__enter__()
            _PATCHES.modes += 1

    def _pop_mode(self) -> None:
        if self._mode is not None:
            mode, self._mode = self._mode, None
            _PATCHES.modes -= 1
            mode.__exit__(None, None, None)

    def end_batch(self) -> None:
        if self._closed:
            return
        self._pop_mode()
        self._flush()
        self.report.batches = self._batch
        if self._batch >= self.session.limit:
            self.close()
            return
        self._batch += 1
        self._losses_in_batch = 0

    def _on_forward(self, module: nn.Module, args: tuple, kwargs: dict) -> None:
        if self._closed or self._external:
            return None
        self._forwards += 1
        if self._losses_in_batch:
            self.end_batch()
            if self._closed:
                return None
        elif self._forwards > 10 * self.session.limit:
            self.report.notes.append(f"no loss call was seen in {self._forwards - 1} forward passes: the loss is "
                                     f"not one of torch.nn.functional's cross-entropies (guard it), or it was "
                                     f"imported by name before watch()")
            self.close()
            return None
        self._flush()
        self._model_input = _first_tensor(args, kwargs)
        self._layer_seen = False
        return None

    def _on_layer(self, module: nn.Module, args: tuple) -> None:
        if self._closed or self._layer_seen:
            return None
        self._layer_seen = True
        x = args[0] if args else None
        if not _plain(x):
            return None
        layer = type(module).__name__
        where = f"the model's first layer ({layer})"

        def check() -> list:
            image_layout = "channels_first" if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)) else None
            seen = raw_image(_ARRAYS, x, image_layout) if image_layout else None
            if seen is None:
                x0 = self._model_input
                if x0 is None or x0 is x or not _plain(x0) or raw_image(_ARRAYS, x0, "any") is None:
                    return []
                seen = raw_values(_ARRAYS, x)
                if seen is None:
                    return []
                seen = f"the model's input {tuple(x0.shape)} and {layer}'s input are {seen}"
            else:
                seen = f"{layer}'s input is {seen}"
            return [lg301(where, seen)]

        found = self.session.run(check, self._batch, where,
                                 f"batch {self._batch}: {layer} input {tuple(x.shape)} {dtype_name(x.dtype)}")
        if found:  # told with the batch's first loss, which may make it LG302 instead (an autoencoder)
            self._pending.extend(found)
            self._pending_where = where
        return None

    def _flush(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, []
            self._emitting(lambda: self.session.emitter.emit(pending, self._batch, self._pending_where))

    def _on_loss(self, name: str, display: str, arguments: dict) -> None:
        if self._closed:
            return
        self._losses_in_batch += 1
        self._losses += 1
        self.report.batches = max(self.report.batches, self._batch)
        pending, self._pending = self._pending, []
        self._emitting(lambda: self.session.check_loss(name, display, arguments, self._batch, extra=pending,
                                                       model_input=self._model_input))

    # -- life cycle
    def close(self) -> Report:
        """Remove every hook and restore torch.nn.functional (idempotent). Returns the report."""
        if not self._closed:
            self._closed = True
            self._pop_mode()
            self._flush()
            if self._losses == 0 and not any("no loss call" in n for n in self.report.notes):
                self.report.notes.append("no loss call was seen while watching: the loss is not one of torch's "
                                         "cross-entropies, or it was bound before watch() (loss_fn = "
                                         "F.cross_entropy, from torch.nn.functional import ...): guard it")
            for handle in self._handles:
                handle.remove()
            self._handles = []
            _PATCHES.discard(self)
            self.report.active = False
        return self.report

    remove = close

    def __enter__(self) -> Report:
        return self.report

    def __exit__(self, kind: Any, value: Any, traceback: Any) -> None:
        if self._losses_in_batch:
            self.report.batches = max(self.report.batches, self._batch)
        if kind is not None:
            self.discard_pending()
        self.close()


def watch(model: nn.Module, *, batches: int = 1, mode: str = "warn", report: Optional[Report] = None) -> Watch:
    """Watch `model` for its first `batches` batches: what reaches its first learned layer (LG301) and every
    cross-entropy computed meanwhile. Use as `with watch(model) as report:` or keep the returned `Watch` and
    call `.close()`; it closes itself after `batches` batches."""
    return Watch(model, batches=batches, mode=mode, report=report)
