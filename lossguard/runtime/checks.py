"""The runtime checks, framework-neutral: what reaches a loss, judged on the real batch.

The framework adapters (`lossguard.runtime.torch`, `lossguard.runtime.keras`) describe a loss call with a
`LossCall` (the loss, its prediction and target arrays, where the prediction came from) and `check_loss`
returns the `Evidence` found. The arrays stay in their framework (torch tensors, possibly on a GPU, or numpy
arrays): the statistics are reductions computed there (`xp` is the `torch` or `numpy` module) and only a few
scalars come back. Nothing is computed that a check does not need.

Precision first: a check fires only on evidence that is unambiguous on that batch.

- "these are probability distributions" (LG104, LG106): every checked row lies in [0, 1] and sums to 1
  within a tolerance set by the dtype (float32 1e-4; float16 5e-3; bfloat16 2e-2), and the prediction's
  origin (torch's autograd graph, a Keras layer's activation) does not say it is a raw linear output. When
  the origin does not show a softmax, one row is not enough (a single row of logits may sum to 1): at
  least two rows in float32/float64, three in 16-bit;
- "these are not log-probabilities" (LG106): some checked row has log-sum-exp above the dtype's tolerance
  (log-probabilities, and any subset of them, have log-sum-exp <= 0), and the autograd graph does not show
  an operation that could make scaled log-probabilities (a product, a quotient...);
- "this is a softmax over the batch" (LG107): at least two samples, the values are not constant, every
  column (class, position) sums to 1 over the batch, and the rows clearly do not;
- "not probabilities" (LG105): values outside [0, 1] (beyond 1e-5) in what a probability loss reads;
- targets (LG201, LG202, LG203, LG302): shapes and values that no correct encoding has (a class id >= the
  number of output units, one-hot rows where ids are expected, targets outside [0, 1] for binary
  cross-entropy); rows whose target is the ignore index, or whose weight is 0, are left out;
- raw images (LG301): see `raw_image`.

Rows whose target is `ignore_index` (torch, -100 by default) or `ignore_class` (Keras) are left out of every
row statistic; NaN anywhere in the checked rows disables the prediction checks (that is another problem).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from lossguard.runtime.report import Evidence

TOL_SUM = {"float64": 1e-6, "float32": 1e-4, "float16": 5e-3, "bfloat16": 2e-2}
TOL_LSE = {"float64": 1e-6, "float32": 1e-3, "float16": 2e-2, "bfloat16": 1e-1}
TOL_RANGE = 1e-5
HALF = ("float16", "bfloat16")

# Where a prediction came from (torch: the autograd graph through views and copies; Keras: the output
# layer's activation). None: unknown.
SOFTMAX, LOG_SOFTMAX, SIGMOID, RAW, OTHER = "softmax", "log_softmax", "sigmoid", "raw", "other"


@dataclass(frozen=True)
class Origin:
    kind: Optional[str] = None  # SOFTMAX | LOG_SOFTMAX | SIGMOID | RAW | OTHER | None
    dim: Optional[int] = None  # the softmax / log_softmax dimension, when known
    detail: str = ""  # e.g. "SoftmaxBackward0 in the autograd graph", "Dense(activation='softmax')"


@dataclass(frozen=True)
class LossSpec:
    """A loss as the checks need it."""

    framework: str  # "torch" | "keras"
    family: str  # "cross_entropy" (torch: ids or probabilities) | "nll" | "sparse" | "categorical" | "binary"
    expects: str  # "logits" | "probabilities" | "log_probabilities"
    display: str  # as the user wrote it: "nn.CrossEntropyLoss()", "F.nll_loss", '"categorical_crossentropy"'
    class_axis: int = 1
    ignore_index: Optional[int] = None
    reduction: str = "mean"

    @property
    def categorical(self) -> bool:
        return self.family != "binary"


@dataclass
class LossCall:
    spec: LossSpec
    pred: Any  # torch tensor or numpy array
    target: Any
    xp: Any  # the torch or numpy module
    origin: Origin = field(default_factory=Origin)
    pred_dtype: str = ""  # dtype name as the framework had it ("bfloat16"...), before any conversion
    element_weight: Any = None  # an array broadcastable to the target: 0 leaves an element out (BCE weight)
    row_weight: Any = None  # per-sample weights (Keras sample_weight): 0 leaves a sample out


def dtype_name(dtype: Any) -> str:
    text = str(dtype).replace("torch.", "")
    for name in ("bfloat16", "float16", "float32", "float64", "uint8", "bool"):
        if name in text:
            return name
    if "int" in text:
        return "int"
    if text in ("half",):
        return "float16"
    return text


def is_float(name: str) -> bool:
    return name in ("float16", "bfloat16", "float32", "float64")


def _fmt(x: float) -> str:
    if x != x:
        return "nan"
    if abs(x) == float("inf"):
        return "inf" if x > 0 else "-inf"
    if x == int(x) and abs(x) < 1e6:
        return str(int(x))
    if 1e-3 <= abs(x) < 1e4:
        return f"{x:.4g}"
    return f"{x:.2e}"


def _shape(shape) -> str:
    return "(" + ", ".join(str(int(s)) for s in shape) + ("," if len(shape) == 1 else "") + ")"


class _Arrays:
    """The few reductions the checks need, on torch tensors or numpy arrays."""

    def __init__(self, xp: Any):
        self.xp = xp
        self.torch = xp.__name__ == "torch"

    def compute(self, a: Any) -> Any:
        """A floating copy good for reductions: float64 stays, everything else becomes float32."""
        if self.torch:
            a = a.detach()
            return a if a.dtype == self.xp.float64 else a.float()
        import numpy as np

        a = np.asarray(a)
        return a if a.dtype == np.float64 else a.astype(np.float32)

    def minmax(self, a: Any) -> tuple[float, float]:
        """(min, max) in one pass; NaN anywhere makes both NaN."""
        if self.torch:
            lo, hi = self.xp.aminmax(a)
            return tuple(self.floats([lo, hi]))  # type: ignore[return-value]
        return float(a.min()), float(a.max())

    def floats(self, values: list) -> list[float]:
        """Python floats of 0-d results: one device sync for all of them on an accelerator."""
        if self.torch and any(isinstance(v, self.xp.Tensor) and v.device.type != "cpu" for v in values):
            return [float(v) for v in self.xp.stack([self.xp.as_tensor(v, dtype=self.xp.float64).reshape(())
                                                      for v in values]).tolist()]
        return [float(v) for v in values]

    def moveaxis(self, a, src, dst):
        return self.xp.moveaxis(a, src, dst)

    def lse(self, a, axis):
        xp = self.xp
        if self.torch:
            return xp.logsumexp(a, axis)
        m = xp.max(a, axis=axis, keepdims=True)
        m = xp.where(xp.isfinite(m), m, 0.0)
        with _np_quiet():
            return xp.log(xp.sum(xp.exp(a - m), axis=axis)) + xp.squeeze(m, axis=axis)


class _np_quiet:
    def __enter__(self):
        import numpy as np

        self._old = np.seterr(all="ignore")

    def __exit__(self, *exc):
        import numpy as np

        np.seterr(**self._old)


class Pred:
    """Lazy statistics of a prediction with a class axis; rows are positions, valid rows only."""

    def __init__(self, arrays: _Arrays, pred: Any, class_axis: int, dtype: str, row_mask: Any = None):
        self.a = arrays
        self.shape = tuple(int(s) for s in pred.shape)
        self.ndim = len(self.shape)
        self.class_axis = class_axis % self.ndim if self.ndim else 0
        self.classes = self.shape[self.class_axis] if self.ndim else 0
        self.dtype = dtype
        self.full = arrays.compute(pred)
        rows = arrays.moveaxis(self.full, self.class_axis, -1).reshape(-1, self.classes) if self.classes else None
        if rows is not None and row_mask is not None:
            rows = rows[row_mask.reshape(-1)]
        self.rows = rows
        self.n_rows = int(rows.shape[0]) if rows is not None else 0
        self._cache: dict[str, Any] = {}

    @property
    def tol_sum(self) -> float:
        return TOL_SUM.get(self.dtype, TOL_SUM["float32"])

    @property
    def tol_lse(self) -> float:
        return TOL_LSE.get(self.dtype, TOL_LSE["float32"])

    def basic(self) -> tuple[bool, float, float]:
        """(any NaN, min, max) over the valid rows."""
        if "basic" not in self._cache:
            xp, r = self.a.xp, self.rows
            if self.n_rows == 0:
                self._cache["basic"] = (False, 0.0, 0.0)
            else:
                lo, hi = self.a.minmax(r)
                self._cache["basic"] = (lo != lo or hi != hi, lo, hi)
        return self._cache["basic"]

    def in_unit(self) -> bool:
        nan, lo, hi = self.basic()
        return not nan and lo >= -TOL_RANGE and hi <= 1 + TOL_RANGE

    def row_sum_dev(self) -> tuple[float, float, float]:
        """(max |row sum - 1|, min row sum, max row sum)."""
        if "rsum" not in self._cache:
            s = self.rows.sum(axis=1)
            self._cache["rsum"] = tuple(self.a.floats([abs(s - 1).max(), s.min(), s.max()]))
        return self._cache["rsum"]

    def row_lse(self) -> tuple[float, float]:
        """(max, min) of the rows' log-sum-exp."""
        if "rlse" not in self._cache:
            s = self.a.lse(self.rows, 1)
            self._cache["rlse"] = tuple(self.a.floats([s.max(), s.min()]))
        return self._cache["rlse"]

    def col_sum_dev(self) -> float:
        """max |sum over the batch axis - 1| over every (class, position): all samples, masked or not."""
        if "csum" not in self._cache:
            s = self.full.sum(axis=0)
            self._cache["csum"] = self.a.floats([abs(s - 1).max()])[0]
        return self._cache["csum"]

    def col_lse_dev(self) -> float:
        if "clse" not in self._cache:
            s = self.a.lse(self.full, 0)
            self._cache["clse"] = self.a.floats([abs(s).max()])[0]
        return self._cache["clse"]

    def distribution_rows(self, origin: Origin) -> bool:
        """Every valid row is a probability distribution over the classes, with enough evidence."""
        if self.classes < 2 or self.n_rows == 0 or origin.kind == RAW:
            return False
        if origin.kind == SOFTMAX and origin.dim is not None and origin.dim % max(self.ndim, 1) != self.class_axis:
            return False
        enough = origin.kind == SOFTMAX or self.n_rows >= (3 if self.dtype in HALF else 2)
        return enough and self.in_unit() and self.row_sum_dev()[0] <= self.tol_sum

    def rows_text(self) -> str:
        dev, lo, hi = self.row_sum_dev()
        rows = f"{self.n_rows} row{'s' if self.n_rows != 1 else ''}"
        if self.n_rows != _prod(self.shape) // max(self.classes, 1):
            rows += " (with a valid target)"
        return (f"{self.dtype} {_shape(self.shape)}: all {rows} lie in [0, 1] and sum to 1 over the "
                f"{self.classes} classes (max |sum - 1| = {_fmt(dev)})")


def _prod(shape) -> int:
    out = 1
    for s in shape:
        out *= int(s)
    return out


# ---------------------------------------------------------------------------------------------- targets


class Target:
    def __init__(self, arrays: _Arrays, target: Any, dtype: str):
        self.a = arrays
        self.raw = target
        self.shape = tuple(int(s) for s in target.shape)
        self.dtype = dtype

    def stats(self, mask: Any = None, binary: bool = False) -> tuple[int, float, float, bool, bool]:
        """(count, min, max, integral, only 0/1 (when `binary`)) over the finite elements where `mask` is
        true (all if None)."""
        xp = self.a.xp
        t = self.raw.detach() if self.a.torch else self.a.compute(self.raw)
        if mask is not None:
            t = t[mask]
        count = lambda a: int(a.numel() if self.a.torch else a.size)  # noqa: E731
        if count(t) == 0:
            return 0, 0.0, 0.0, True, True
        floating = is_float(self.dtype)
        if floating:
            t = self.a.compute(t)
            finite = xp.isfinite(t)
            if not bool(finite.all()):
                t = t[finite]
                if count(t) == 0:
                    return 0, 0.0, 0.0, True, True
        elif self.dtype == "bool":
            t = t.to(xp.uint8) if self.a.torch else t.astype("uint8")
        lo, hi = self.a.minmax(t)
        integral = not floating or bool((t == xp.round(t)).all())
        only01 = binary and lo >= 0 and hi <= 1 and integral
        return count(t), lo, hi, integral, only01

    def one_hot(self, class_axis: int) -> bool:
        """Only 0/1 values, and every row (along `class_axis`) holds exactly one 1."""
        n, lo, hi, integral, binary = self.stats(binary=True)
        if n == 0 or not binary:
            return False
        t = self.a.compute(self.raw)
        s = t.sum(axis=class_axis)
        lo_s, hi_s = self.a.floats([s.min(), s.max()])
        return lo_s == 1 and hi_s == 1


# ------------------------------------------------------------------------------------------------ checks


def _units(n: int) -> str:
    return "a single unit" if n == 1 else f"{n} units"


def check_loss(call: LossCall) -> list[Evidence]:
    spec = call.spec
    arrays = _Arrays(call.xp)
    pred_dtype = call.pred_dtype or dtype_name(call.pred.dtype)
    target_dtype = dtype_name(call.target.dtype)
    if not is_float(pred_dtype) or len(call.pred.shape) == 0:
        return []
    if spec.categorical:
        return _check_categorical(call, arrays, pred_dtype, target_dtype)
    return _check_binary(call, arrays, pred_dtype, target_dtype)


def _check_categorical(call: LossCall, arrays: _Arrays, pred_dtype: str, target_dtype: str) -> list[Evidence]:
    spec, xp = call.spec, call.xp
    out: list[Evidence] = []
    pshape = tuple(int(s) for s in call.pred.shape)
    ndim = len(pshape)
    cax = spec.class_axis if ndim > 1 else 0
    cax %= ndim
    classes = pshape[cax]
    tshape = tuple(int(s) for s in call.target.shape)
    rest = pshape[:cax] + pshape[cax + 1:]
    where = f"{_shape(pshape)} output"

    if classes == 1:
        return [Evidence("LG204", f"the output layer has a single unit but is trained with {spec.display}: over "
                         f"one unit the normalised probability is always 1, so nothing is learnt",
                         f"the prediction reaching the loss has shape {_shape(pshape)}: {_units(1)} along the "
                         f"class axis {cax}")]

    target = Target(arrays, call.target, target_dtype)
    ids = None  # the class-id target, when the loss reads class ids
    if spec.framework == "keras" and tshape == rest + (1,) and ndim >= 1:
        tshape = rest  # Keras squeezes a trailing 1 from sparse / integer targets
        ids_view = call.target.reshape(rest) if hasattr(call.target, "reshape") else call.target
    else:
        ids_view = call.target
    same_shape = tuple(int(s) for s in call.target.shape) == pshape

    if spec.family in ("cross_entropy", "nll", "sparse"):
        if tshape == rest and (target_dtype == "int" or target_dtype == "uint8"
                               or (spec.family == "sparse" and is_float(target_dtype))):
            ids = ids_view
        elif same_shape and (spec.family in ("nll", "sparse") or not is_float(target_dtype)):
            if Target(arrays, call.target, target_dtype).one_hot(cax):
                out.append(Evidence("LG201", f"{spec.display} expects integer class ids, but the labels are "
                                    f"one-hot encoded",
                                    f"labels of shape {_shape(pshape)}, each row a single 1 among {classes} "
                                    f"classes (the ids would have shape {_shape(rest)})"))
    elif spec.family == "categorical":
        last = tshape[-1] if tshape else None
        tr = tuple(int(s) for s in call.target.shape)
        int_like = tr == rest or (len(tr) == ndim and tr[-1] == 1 and tr[:-1] == rest)
        if int_like and classes > 1:
            n, lo, hi, integral, _ = target.stats()
            if n and integral and lo >= 0:
                out.append(Evidence("LG202", f"{spec.display} expects one-hot labels, but the labels are integer "
                                    f"class ids",
                                    f"labels of shape {_shape(tr)} with whole values {_fmt(lo)}..{_fmt(hi)}, for "
                                    f"an output of {classes} units (one-hot labels would have shape "
                                    f"{_shape(pshape)})"))
        elif len(tr) == ndim and tr[:-1] == rest and last not in (None, 1, classes) and cax == ndim - 1:
            out.append(Evidence("LG203", f"the output layer has {classes} units but the labels have {last} "
                                f"classes",
                                f"output {_shape(pshape)}, labels {_shape(tr)}"))

    row_mask = None
    if ids is not None:
        valid = None
        if spec.ignore_index is not None:
            valid = ids != spec.ignore_index
        if call.row_weight is not None:
            w = call.row_weight
            if tuple(int(s) for s in w.shape) == tuple(int(s) for s in ids.shape):
                valid = (w != 0) if valid is None else valid & (w != 0)
        n, lo, hi, integral, _ = Target(arrays, ids, target_dtype).stats(valid)
        if n and integral and hi >= classes:
            out.append(Evidence("LG203", f"the output layer has {classes} units but the labels include class id "
                                f"{_fmt(hi)} (at least {_fmt(hi + 1)} classes)",
                                f"{where} over {classes} classes; class ids {_fmt(lo)}..{_fmt(hi)} in "
                                f"{n} label{'s' if n != 1 else ''}"
                                + (f" (ignore index {spec.ignore_index} left out)"
                                   if spec.ignore_index is not None else "")))
        row_mask = valid

    pred = Pred(arrays, call.pred, cax, pred_dtype, row_mask)
    if pred.n_rows == 0:
        return out
    nan, lo, hi = pred.basic()
    if nan:
        return out
    origin = call.origin

    # LG107: normalised over the batch axis (0), not over the classes.
    lg107 = _batch_softmax(pred, origin, spec)
    if lg107 is not None:
        out.append(lg107)
        return out

    if spec.expects == "logits":
        if origin.kind == SIGMOID and pred.in_unit():
            out.append(Evidence("LG104", f"sigmoid output goes into {spec.display}, which "
                                f"{_applies(spec)}: the activation is applied twice",
                                f"the prediction comes from a sigmoid ({origin.detail}); {pred.dtype} "
                                f"{_shape(pshape)} values in [{_fmt(lo)}, {_fmt(hi)}]"))
        elif pred.distribution_rows(origin):
            out.append(Evidence("LG104", f"softmax output goes into {spec.display}, which {_applies(spec)}: the "
                                f"activation is applied twice",
                                pred.rows_text() + (f"; {origin.detail}" if origin.detail else "")))
    elif spec.expects == "probabilities":
        if lo < -TOL_RANGE or hi > 1 + TOL_RANGE:
            out.append(Evidence("LG105", f"an output with values outside [0, 1] goes into {spec.display}, which "
                                f"expects probabilities in [0, 1]",
                                f"{pred.dtype} {_shape(pshape)} values in [{_fmt(lo)}, {_fmt(hi)}]"
                                + (f"; {origin.detail}" if origin.detail else "")))
    elif spec.expects == "log_probabilities":
        if origin.kind == LOG_SOFTMAX:
            return out
        if pred.distribution_rows(origin):
            out.append(Evidence("LG106", f"{spec.display} receives softmax probabilities; it expects "
                                f"log-probabilities (the output of log_softmax)", pred.rows_text()))
        elif origin.kind in (None, RAW, SIGMOID):
            top, bottom = pred.row_lse()
            if top > pred.tol_lse:
                what = "a sigmoid output" if origin.kind == SIGMOID else (
                    "raw logits" if origin.kind == RAW else "values that are not log-probabilities")
                out.append(Evidence("LG106", f"{spec.display} receives {what}; it expects log-probabilities (the "
                                    f"output of log_softmax)",
                                    f"{pred.dtype} {_shape(pshape)}: the rows' log-sum-exp reaches {_fmt(top)} "
                                    f"(log-probabilities have log-sum-exp 0); values in [{_fmt(lo)}, {_fmt(hi)}]"
                                    + (f"; {origin.detail}" if origin.detail else "")))
    return out


def _applies(spec: LossSpec) -> str:
    if spec.framework == "keras":
        return "treats its input as logits (from_logits=True)"
    return "applies softmax itself" if spec.categorical else "applies sigmoid itself"


def _batch_softmax(pred: Pred, origin: Origin, spec: LossSpec) -> Optional[Evidence]:
    if pred.ndim < 2 or pred.shape[0] < 2 or pred.class_axis == 0 or origin.kind in (RAW, SIGMOID):
        return None
    if origin.kind in (SOFTMAX, LOG_SOFTMAX) and origin.dim is not None and origin.dim % pred.ndim != 0:
        return None
    nan, lo, hi = pred.basic()
    if hi - lo <= pred.tol_sum:
        return None  # constant values: no evidence either way
    axis = "axis" if spec.framework == "keras" else "dim"
    cax = pred.class_axis if spec.framework == "torch" else pred.class_axis - pred.ndim
    what = None
    if pred.in_unit() and pred.col_sum_dev() <= pred.tol_sum:
        dev, rlo, rhi = pred.row_sum_dev()
        if dev > 10 * pred.tol_sum:
            what = ("softmax", f"every column sums to 1 over the batch of {pred.shape[0]} (max |sum - 1| = "
                    f"{_fmt(pred.col_sum_dev())}) while the rows sum to {_fmt(rlo)}..{_fmt(rhi)}")
    elif hi <= pred.tol_lse and pred.col_lse_dev() <= pred.tol_lse:
        top, bottom = pred.row_lse()
        if max(abs(top), abs(bottom)) > 10 * pred.tol_lse:
            what = ("log_softmax", f"every column has log-sum-exp 0 over the batch of {pred.shape[0]} (max "
                    f"deviation {_fmt(pred.col_lse_dev())}) while the rows' log-sum-exp is "
                    f"{_fmt(bottom)}..{_fmt(top)}")
    if what is None:
        return None
    return Evidence("LG107", f"{what[0]} is taken along {axis} 0, the batch dimension, but {spec.display} reads "
                    f"classes along {axis} {cax}: samples of a batch compete with each other",
                    f"{pred.dtype} {_shape(pred.shape)}: {what[1]}")


def _check_binary(call: LossCall, arrays: _Arrays, pred_dtype: str, target_dtype: str) -> list[Evidence]:
    spec = call.spec
    out: list[Evidence] = []
    pshape = tuple(int(s) for s in call.pred.shape)
    pred = Pred(arrays, call.pred.reshape(-1, 1) if arrays.torch else call.pred.reshape(-1, 1), 1, pred_dtype)
    nan, lo, hi = pred.basic()
    origin = call.origin
    if not nan:
        if spec.expects == "logits" and origin.kind in (SIGMOID, SOFTMAX) and pred.in_unit():
            out.append(Evidence("LG104", f"{origin.kind} output goes into {spec.display}, which {_applies(spec)}: "
                                f"the activation is applied twice",
                                f"the prediction comes from a {origin.kind} ({origin.detail}); {pred_dtype} "
                                f"{_shape(pshape)} values in [{_fmt(lo)}, {_fmt(hi)}]"))
        elif spec.expects == "probabilities" and (lo < -TOL_RANGE or hi > 1 + TOL_RANGE):
            out.append(Evidence("LG105", f"an output with values outside [0, 1] goes into {spec.display}, which "
                                f"expects probabilities in [0, 1]",
                                f"{pred_dtype} {_shape(pshape)} values in [{_fmt(lo)}, {_fmt(hi)}]"
                                + (f"; {origin.detail}" if origin.detail else "")))
    if spec.reduction == "none":
        return out  # per-element losses may be masked afterwards: out-of-range targets may be "ignore" marks
    target = Target(arrays, call.target, target_dtype)
    mask = None
    if call.element_weight is not None:
        w = call.element_weight
        try:
            mask = (w != 0)
            mask = call.xp.broadcast_to(mask, call.target.shape) if tuple(mask.shape) != tuple(call.target.shape) \
                else mask
        except Exception:  # not broadcastable: the loss will complain itself
            return out
    if call.row_weight is not None:
        w = call.row_weight
        tshape = tuple(int(s) for s in call.target.shape)
        if len(tshape) >= 1 and tuple(int(s) for s in w.shape) == tshape[:1]:
            rows = (w != 0).reshape((-1,) + (1,) * (len(tshape) - 1))
            rows = call.xp.broadcast_to(rows, call.target.shape)
            mask = rows if mask is None else mask & rows
        else:
            return out
    n, tlo, thi, integral, binary = target.stats(mask)
    if n and (tlo < -TOL_RANGE or thi > 1 + TOL_RANGE):
        whole = " (whole numbers)" if integral else ""
        out.append(Evidence("LG302", f"{spec.display} is trained on targets outside [0, 1]; binary cross-entropy "
                            f"needs targets in [0, 1]",
                            f"targets {_shape(call.target.shape)} hold values {_fmt(tlo)}..{_fmt(thi)}{whole}"
                            + (" (elements with weight 0 left out)" if mask is not None else "")))
    return out


# ------------------------------------------------------------------------------------------- raw images


RAW_IMAGE_MIN_MAX = 32  # a batch of real 8-bit images reaches far above this; few-level maps (ids, masks) do not


def raw_values(arrays: _Arrays, x: Any) -> Optional[str]:
    """A description of the evidence if `x` holds raw 8-bit values, else None: uint8, or floating values that
    are all whole numbers in [0, 255] with a maximum of at least 32 (few-level maps, 0/1 masks and class-id
    maps stay below it; a batch of real 8-bit images reaches far above)."""
    dtype = dtype_name(x.dtype)
    if dtype not in ("uint8", "float16", "bfloat16", "float32", "float64") or _prod(x.shape) == 0:
        return None
    t = arrays.compute(x)
    xp = arrays.xp
    lo, hi = arrays.minmax(t)  # one pass; most inputs (scaled ones) stop here
    if not (0 <= lo and RAW_IMAGE_MIN_MAX <= hi <= 255):  # NaN fails too
        return None
    if dtype != "uint8" and not bool((t == xp.round(t)).all()):
        return None
    return f"{dtype} {_shape(x.shape)} whole numbers in {_fmt(lo)}..{_fmt(hi)}"


def raw_image(arrays: _Arrays, x: Any, layout: str) -> Optional[str]:
    """The evidence if `x` is an image batch (`image_shaped`) of raw 8-bit values (`raw_values`), else None."""
    if not image_shaped(tuple(int(s) for s in x.shape), layout):
        return None
    return raw_values(arrays, x)


def image_shaped(shape: tuple, layout: str) -> bool:
    """(N, C, H, W) for "channels_first", (N, H, W, C) or (N, H, W) for "channels_last", either for "any";
    1, 3 or 4 channels; H and W at least 8."""
    if len(shape) == 4:
        if layout in ("channels_first", "any") and shape[1] in (1, 3, 4) and min(shape[2], shape[3]) >= 8:
            return True
        if layout in ("channels_last", "any") and shape[3] in (1, 3, 4) and min(shape[1], shape[2]) >= 8:
            return True
        return False
    if len(shape) == 3 and layout in ("channels_last", "any"):
        return min(shape[1], shape[2]) >= 8
    return False


def lg301(where: str, evidence: str) -> Evidence:
    return Evidence("LG301", f"raw 0..255 images reach {where} without scaling", evidence)
