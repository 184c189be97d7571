"""Keras 3 (any backend): a `fit` callback that checks the compiled loss on the first real batches.

    from lossguard.runtime.keras import LossGuard

    guard = LossGuard()                      # batches=1, mode="warn"
    model.fit(x, y, callbacks=[guard])
    guard.report                             # what was checked and found

For its first `batches` training batches the callback reads what `Model.compute_loss` receives, that is the
batch's inputs `x`, targets `y`, sample weights and the model's outputs `y_pred`, and checks them against
the loss given to `compile` (`model.loss`: a string, a `keras.losses` class instance or function; a list or
dict of them for several outputs). Those batches run eagerly (`run_eagerly=True`, without `jit_compile`),
so that the values are real on every backend; then the model's own compiled train function is put back
and nothing of lossguard remains: later batches run exactly as without it. (With the TensorFlow or JAX
backend the train function is traced on the first batch after the check instead of the first batch.)

Losses it knows: binary, categorical and sparse categorical cross-entropy (also the focal variants), with
their `from_logits`, `axis` and `ignore_class`. Other losses, a subclassed model that overrides
`compute_loss`, or outputs whose structure does not match the losses are not checked (the report says so).
Where an output came from is read from the output layer of Sequential and functional models (its
activation: softmax, sigmoid, linear...).
"""

from __future__ import annotations

import inspect
import os
from typing import Any, Optional

import keras
import numpy as np

from lossguard.runtime.checks import (RAW, SIGMOID, SOFTMAX, LossCall, LossSpec, Origin, _Arrays, check_loss,
                                      dtype_name, lg301, raw_image)
from lossguard.runtime.report import Emitter, LossGuardError, Report

__all__ = ["LossGuard", "Report", "LossGuardError"]

_ARRAYS = _Arrays(np)

_FAMILIES = {
    "binary_crossentropy": "binary", "binary_focal_crossentropy": "binary",
    "categorical_crossentropy": "categorical", "categorical_focal_crossentropy": "categorical",
    "sparse_categorical_crossentropy": "sparse",
}
# Layers that keep the scale of what they pass on (before the first learned layer) and learned layers.
_PASS_LAYERS = {"InputLayer", "Flatten", "Reshape", "Permute", "Dropout", "SpatialDropout1D", "SpatialDropout2D",
                "SpatialDropout3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping1D",
                "Cropping2D", "Cropping3D", "RandomFlip", "RandomCrop", "RandomTranslation", "RandomRotation",
                "RandomZoom", "Resizing"}
_LEARNED_LAYERS = {"Dense", "EinsumDense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
                   "Conv3DTranspose", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D",
                   "LSTM", "GRU", "SimpleRNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"}


def _debug() -> bool:
    return os.environ.get("LOSSGUARD_DEBUG", "") not in ("", "0")


def loss_spec(loss: Any) -> Optional[LossSpec]:
    """The checks' view of a Keras loss (string, `keras.losses` instance or function), or None if unknown."""
    display = None
    obj = loss
    if isinstance(loss, str):
        display = f'"{loss}"'
        try:
            obj = keras.losses.get(loss)
        except (ValueError, TypeError):
            return None
    options: dict = {}
    if isinstance(obj, keras.losses.Loss):
        fn = getattr(obj, "fn", None)
        wrapper = getattr(keras.losses, "LossFunctionWrapper", None)
        if fn is None or (wrapper is not None and type(obj).call is not wrapper.call):
            return None  # a custom loss: its call is its own
        options = dict(getattr(obj, "_fn_kwargs", {}) or {})
        if display is None:
            shown = "from_logits=True" if options.get("from_logits") else ""
            display = f"{type(obj).__name__}({shown})"
    elif callable(obj):
        fn = obj
        if display is None:
            display = f"keras.losses.{getattr(fn, '__name__', 'loss')}"
    else:
        return None
    name = getattr(fn, "__name__", "")
    family = _FAMILIES.get(name)
    if family is None or getattr(keras.losses, name, None) is not fn:
        return None
    expects = "logits" if options.get("from_logits", False) else "probabilities"
    axis = options.get("axis", -1)
    if not isinstance(axis, int):
        return None
    reduction = getattr(obj, "reduction", "mean")
    return LossSpec("keras", family, expects, display, class_axis=axis, ignore_index=options.get("ignore_class"),
                    reduction="none" if reduction in (None, "none") else str(reduction))


def _output_layer(model: Any, index: int) -> Any:
    if isinstance(model, keras.Sequential):
        return model.layers[-1] if index == 0 and model.layers else None
    outputs = getattr(model, "_outputs", None) or []
    try:
        outputs = keras.tree.flatten(outputs)
        return outputs[index]._keras_history.operation
    except (AttributeError, IndexError, TypeError, ValueError):
        return None


def output_origin(model: Any, index: int) -> Origin:
    """Where output `index` comes from: the activation of the layer that makes it, when it is known."""
    layer = _output_layer(model, index)
    if layer is None or not type(layer).__module__.startswith("keras"):
        return Origin()
    kind_name = type(layer).__name__
    if kind_name == "Softmax":
        axis = getattr(layer, "axis", -1)
        return Origin(SOFTMAX, axis if isinstance(axis, int) else None, f"the output layer is Softmax(axis={axis})")
    activation = getattr(layer, "activation", None)
    if activation is None:
        return Origin()
    name = getattr(activation, "__name__", "")
    text = f"the output layer is {kind_name}(activation=\"{name}\")"
    if name == "softmax":
        return Origin(SOFTMAX, -1, text)
    if name == "sigmoid":
        return Origin(SIGMOID, None, text)
    if name in ("linear", "relu", "elu", "selu", "gelu", "silu", "swish", "leaky_relu", "tanh", "softplus",
                "relu6", "mish"):
        return Origin(RAW, None, text)
    return Origin()


def first_learned_layer(model: Any) -> Optional[str]:
    """The class of the first learned layer if only scale-keeping layers come before it (Sequential and
    functional models), else None."""
    if not isinstance(model, keras.Sequential) and not hasattr(model, "_outputs"):
        return None
    for layer in model.layers:
        name = type(layer).__name__
        if not type(layer).__module__.startswith("keras"):
            return None
        if name in _PASS_LAYERS:
            continue
        return name if name in _LEARNED_LAYERS else None
    return None


def _numpy(value: Any) -> Any:
    if value is None:
        return None
    return np.asarray(keras.ops.convert_to_numpy(value))


def _dtype(value: Any) -> str:
    try:
        return dtype_name(keras.backend.standardize_dtype(value.dtype))
    except (AttributeError, ValueError, TypeError):
        return dtype_name(getattr(value, "dtype", ""))


def _pairs(loss: Any, y: Any, y_pred: Any, sample_weight: Any) -> Optional[list[tuple]]:
    """(loss, y, y_pred, sample_weight, output index) per output, or None when the structure is not clear."""
    if isinstance(y_pred, dict):
        if not isinstance(loss, dict) or not isinstance(y, dict):
            return None
        names = list(y_pred)
        return [(loss[k], y.get(k), y_pred[k], sample_weight.get(k) if isinstance(sample_weight, dict)
                 else sample_weight, i) for i, k in enumerate(names) if k in loss and loss[k] is not None]
    if isinstance(y_pred, (list, tuple)):
        if isinstance(loss, dict) or not isinstance(y, (list, tuple)) or len(y) != len(y_pred):
            return None
        losses = list(loss) if isinstance(loss, (list, tuple)) else None
        if losses is None or len(losses) != len(y_pred):
            return None
        weights = list(sample_weight) if isinstance(sample_weight, (list, tuple)) else [sample_weight] * len(y)
        return [(lo, yt, yp, sw, i) for i, (lo, yt, yp, sw) in enumerate(zip(losses, y, y_pred, weights))
                if lo is not None]
    if isinstance(loss, (list, tuple)):
        loss = loss[0] if len(loss) == 1 else None
    elif isinstance(loss, dict):
        loss = next(iter(loss.values())) if len(loss) == 1 else None
    if loss is None or isinstance(y, (list, tuple, dict)):
        return None
    return [(loss, y, y_pred, sample_weight, 0)]


def _same_values(x: Any, y: Any) -> bool:
    try:
        a, b = _numpy(x), _numpy(y)
        return a.size == b.size and bool(np.array_equal(a.reshape(-1), b.reshape(-1)))
    except (TypeError, ValueError, AttributeError):
        return False


class LossGuard(keras.callbacks.Callback):
    """Check the compiled loss against the real batch for the first `batches` training batches, then unhook.

    `mode`: "warn" (default: one `LossGuardWarning` per rule), "raise" (`LossGuardError`, before the loss
    runs) or "log" (the "lossguard.runtime" logger). `report` is filled as the checks run.
    """

    def __init__(self, batches: int = 1, mode: str = "warn", report: Optional[Report] = None):
        super().__init__()
        if not isinstance(batches, int) or batches < 1:
            raise ValueError(f"batches must be a positive integer, not {batches!r}")
        self.limit = batches
        self.emitter = Emitter(mode, report)
        self.report = self.emitter.report
        self._installed = False
        self._done = False
        self._seen = 0
        self._loss_calls = 0

    # -- life cycle
    def on_train_batch_begin(self, batch: int, logs: Any = None) -> None:
        if not self._done and not self._installed:
            self._install()

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        if not self._installed:
            return
        self._seen += 1
        self.report.batches = self._seen
        if self._seen >= self.limit:
            self._uninstall()

    def on_train_end(self, logs: Any = None) -> None:
        if self._installed:
            self._uninstall()

    def _install(self) -> None:
        model = self.model
        self._saved = {"train_function": model.train_function, "run_eagerly": model.run_eagerly,
                       "jit_compile": getattr(model, "_jit_compile", None)}
        self._eager = keras.backend.backend() != "torch" or bool(model.jit_compile)
        if self._eager:
            model.run_eagerly = True
            if keras.backend.backend() == "torch":
                model.jit_compile = False
            model.make_train_function(force=True)
        eager_step = model.train_function

        def train_function(*args: Any, **kwargs: Any) -> Any:
            try:
                return eager_step(*args, **kwargs)
            except BaseException:  # fit stops here: leave the model as it was (on_train_end is not called)
                if self._installed:
                    self._uninstall()
                raise

        model.train_function = train_function
        original = model.compute_loss
        takes_training = "training" in inspect.signature(original).parameters
        overridden = type(model).compute_loss is not keras.Model.compute_loss
        if overridden:
            self.report.notes.append(f"{type(model).__name__} overrides compute_loss: its loss is not checked, "
                                     f"only its inputs")

        def compute_loss(x: Any = None, y: Any = None, y_pred: Any = None, sample_weight: Any = None,
                         training: bool = True) -> Any:
            if training and self._installed:
                self._loss_calls += 1
                self._check(x, y, y_pred, sample_weight, check_loss_too=not overridden)
            if takes_training:
                return original(x, y, y_pred, sample_weight, training=training)
            return original(x, y, y_pred, sample_weight)

        model.compute_loss = compute_loss
        self._installed = True

    def _uninstall(self) -> None:
        model = self.model
        self.__dict__.pop("_x", None)
        if "compute_loss" in model.__dict__:
            del model.__dict__["compute_loss"]
        if self._eager:
            model.run_eagerly = self._saved["run_eagerly"]
            if keras.backend.backend() == "torch":
                model._jit_compile = self._saved["jit_compile"]
        if self._saved["train_function"] is not None:
            model.train_function = self._saved["train_function"]  # the model's own, untouched
        else:
            model.make_train_function(force=True)
        self._saved = {}
        self._installed = False
        self._done = True
        self.report.active = False
        if self._loss_calls == 0:
            self.report.notes.append("compute_loss was never called during the checked batches (a custom "
                                     "train_step?): nothing was checked")

    # -- checks
    def _check(self, x: Any, y: Any, y_pred: Any, sample_weight: Any, check_loss_too: bool) -> None:
        batch = self._seen + 1
        try:
            evidence, where = [], "the batch"
            if check_loss_too and self.model.loss is not None:
                pairs = _pairs(self.model.loss, y, y_pred, sample_weight)
                if pairs is None:
                    self.report.notes.append(f"batch {batch}: the outputs and losses do not pair up one to one: "
                                             f"the loss is not checked")
                for loss, yt, yp, sw, index in pairs or []:
                    spec = loss_spec(loss)
                    if spec is None or yt is None or yp is None:
                        continue
                    pred, target = _numpy(yp), _numpy(yt)
                    weights = _numpy(sw) if sw is not None else None
                    call = LossCall(spec, pred, target, np, origin=output_origin(self.model, index),
                                    pred_dtype=_dtype(yp), row_weight=weights)
                    found = check_loss(call)
                    self.report.checked.append(f"batch {batch}: {spec.display} output {pred.shape} {_dtype(yp)}, "
                                               f"target {target.shape} {dtype_name(target.dtype)}")
                    where = spec.display
                    evidence += found
            image = self._image_evidence(x)
            if image is not None:
                # raw pixels that are also the BCE targets (an autoencoder): LG302 only, as the catalogue says
                if not (any(e.code == "LG302" for e in evidence) and _same_values(x, y)):
                    evidence.append(image)
        except LossGuardError:
            raise
        except Exception as exc:  # a lossguard bug must never stop training
            if _debug():
                raise
            self.report.notes.append(f"batch {batch}: not checked: internal error {exc!r}")
            return
        self.emitter.emit(evidence, batch, where)

    def _image_evidence(self, x: Any) -> Any:
        if x is None or isinstance(x, (list, tuple, dict)):
            return None
        layer = first_learned_layer(self.model)
        if layer is None:
            return None
        seen = raw_image(_ARRAYS, _numpy(x), "any")
        if seen is None:
            return None
        return lg301(f"the model's first learned layer ({layer})", f"the model's input is {seen}")
