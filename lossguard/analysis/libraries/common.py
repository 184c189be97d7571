"""Framework-neutral tensor semantics: activations, layers applied to tensors, models applied to
inputs, and what arithmetic / reshaping does to data ranges and label encodings."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

import libcst as cst

from lossguard.analysis.events import ActivationEvent, LossEvent
from lossguard.analysis.registry import CallCtx, Machine, on_method
from lossguard.analysis.values import (
    SYMBOLIC, UNKNOWN, Const, DataInfo, FunctionalModel, Head, Instance, Layer, LossFn, PretrainedModel,
    Seq, SequentialModel, Tensor, Value,
)

# activation spellings (Keras strings, function names) → kind
ACTIVATIONS = {
    "softmax": "softmax", "sigmoid": "sigmoid", "log_softmax": "log_softmax", "linear": "linear",
    "relu": "relu", "relu6": "relu", "leaky_relu": "relu", "gelu": "relu", "swish": "relu",
    "silu": "relu", "softplus": "relu", "exponential": "relu", "mish": "relu", "elu": "elu",
    "selu": "elu", "celu": "elu", "tanh": "tanh", "softsign": "tanh", "hard_sigmoid": "sigmoid",
    "hard_silu": "relu", "hard_swish": "relu", "log_sigmoid": "other", "sparsemax": "softmax",
}
PARAMETRIC = ("dense", "conv", "rnn")


def training(interp: Machine) -> bool:
    return interp.no_grad == 0


def as_tensor(value: Value) -> Tensor:
    return value if isinstance(value, Tensor) else Tensor()


def raw_origin(t: Tensor) -> object:
    """Where unscaled 0..255 input this tensor still is came from (None if it is not)."""
    if t.unscaled_input:
        return SYMBOLIC
    if t.data is not None and t.data.value_range == "0..255":
        return t.data.origin or SYMBOLIC
    return None


def record_activation(interp: Machine, head: Head) -> None:
    if head.activation in ("softmax", "log_softmax"):
        interp.events.activations.append(ActivationEvent(head))


def record_loss_call(interp: Machine, loss: LossFn, pred: Value, target: Value, node: cst.CSTNode) -> None:
    """A loss called on (prediction, target): criterion(out, y), F.cross_entropy(...), tf.nn.*_with_logits."""
    interp.events.losses.append(LossEvent(loss=loss, pred=pred, target=target, node=node, via="call",
                                          training=training(interp)))


def apply_activation(interp: Machine, x: Value, kind: str, node: Optional[cst.CSTNode], framework: str,
                     dim: Optional[int] = None, dim_given: bool = False,
                     wraps: Optional[cst.CSTNode] = None, form: str = "function") -> Tensor:
    """An activation function applied to `x` (F.softmax(x, 1), torch.sigmoid(x), tf.nn.softmax(x)...)."""
    t = as_tensor(x)
    prev = t.head
    if kind == "log" and prev is not None:
        kind = {"softmax": "log_softmax", "sigmoid": "other"}.get(prev.activation, "other")
        if kind == "log_softmax":
            head = replace(prev, activation="log_softmax", act_node=node, act_call=None, act_input=None)
            return t.with_(head=head, training=t.training and training(interp))
    elif kind == "log":
        kind = "other"
    if kind == "exp" and prev is not None and prev.activation == "log_softmax":
        return t.with_(head=replace(prev, activation="softmax", act_node=node), training=training(interp))
    if kind == "exp":
        kind = "other"
    if kind == "clamp":
        if prev is not None and prev.activation in ("softmax", "sigmoid"):
            return t
        kind = "other"
    head = Head(
        activation=kind,
        units=prev.units if prev is not None else None,
        framework=framework,
        act_node=node,
        layer_node=prev.layer_node if prev is not None else None,
        dim=dim,
        dim_given=dim_given,
        layer_kind=prev.layer_kind if prev is not None else None,
        act_call=node if wraps is not None else None,
        act_input=wraps,
        act_form=form,
    )
    record_activation(interp, head)
    return Tensor(head=head, raw_path=t.raw_path, training=t.training and training(interp), model=t.model)


def apply_layer(interp: Machine, layer: Layer, x: Value, call_node: Optional[cst.CSTNode],
                input_node: Optional[cst.CSTNode] = None) -> Value:
    """A layer object applied to an input: Keras `Dense(...)(x)`, torch `self.fc(x)`, Sequential steps."""
    t = as_tensor(x)
    kind = layer.kind
    train = t.training and training(interp)
    if kind in PARAMETRIC:
        raw = t.raw_path or raw_origin(t)
        activation = layer.activation or "linear"
        head = Head(
            activation=activation,
            units=layer.units,
            framework=layer.framework,
            act_node=layer.node if activation != "linear" else None,
            layer_node=layer.node,
            dim=-1 if layer.framework == "keras" else None,
            dim_given=False,
            layer_kind=kind,
            act_value_node=layer.act_node,
            act_form="layer",
        )
        record_activation(interp, head)
        out = Tensor(head=head, raw_path=raw, training=train)
        if layer.framework == "torch" and kind == "rnn":
            return Seq([out.with_(head=replace(head, activation="other", units=None)), UNKNOWN], "tuple")
        return out
    if kind == "activation":
        prev = t.head
        explicit = call_node is not None and layer.framework == "torch"
        node = call_node if explicit else layer.node
        head = Head(
            activation=layer.activation or "unknown",
            units=prev.units if prev is not None else None,
            framework=layer.framework,
            act_node=node,
            layer_node=prev.layer_node if prev is not None else None,
            dim=layer.dim,
            dim_given=layer.dim_given,
            layer_kind=prev.layer_kind if prev is not None else None,
            act_value_node=layer.act_node,
            act_call=call_node if explicit and input_node is not None else None,
            act_input=input_node if explicit else None,
            act_form="module" if explicit else "layer",
        )
        record_activation(interp, head)
        return Tensor(head=head, raw_path=t.raw_path, training=train)
    if kind == "transparent":
        return t
    if kind == "reshape":
        return t.with_(head=replace(t.head, units=None) if t.head is not None else None)
    if kind == "time_distributed" and layer.inner is not None:
        return apply_model(interp, layer.inner, t, call_node)
    if kind == "scale":
        return Tensor(raw_path=t.raw_path, training=train)
    if kind == "pool":
        return Tensor(head=Head("other", None, layer.framework, layer_node=layer.node) if t.head else None,
                      raw_path=t.raw_path, unscaled_input=t.unscaled_input,
                      data=t.data if t.data is not None and t.head is None else None, training=train)
    if kind == "embedding":
        return Tensor(head=Head("other", layer.units, layer.framework, layer_node=layer.node), training=train)
    # unknown layers: we do not know what they output, nor whether they rescale their input
    return Tensor(head=Head("unknown", None, layer.framework, layer_node=layer.node), raw_path=t.raw_path,
                  training=train)


def apply_model(interp: Machine, model: Value, x: Value, call_node: Optional[cst.CSTNode]) -> Value:
    """Run a model (any kind) on `x` and return the abstract output."""
    out = _apply_model(interp, model, x, call_node)
    if isinstance(out, Tensor) and isinstance(x, Tensor) and x.data is not None and x.head is None:
        out = out.with_(source_input=x)
    return out


def _apply_model(interp: Machine, model: Value, x: Value, call_node: Optional[cst.CSTNode]) -> Value:
    if isinstance(model, Layer):
        return apply_layer(interp, model, x, call_node)
    if isinstance(model, SequentialModel):
        out: Value = x
        for item in model.layers:
            if isinstance(item, Tensor):
                out = x if isinstance(x, Tensor) else item  # keras.Input inside a Sequential list
                continue
            out = apply_model(interp, item, out, None)
        if isinstance(out, Tensor):
            out = out.with_(model=model)
        return out
    if isinstance(model, FunctionalModel):
        out = model.output
        if not isinstance(out, Tensor):
            return UNKNOWN
        raw = out.raw_path
        if raw is SYMBOLIC:
            raw = raw_origin(as_tensor(x))
        return out.with_(raw_path=raw, training=training(interp), model=model)
    if isinstance(model, PretrainedModel):
        for attr in ("fc", "classifier", "head", "heads", "top"):
            if attr in model.attrs:
                return apply_model(interp, model.attrs[attr], Tensor(training=training(interp)), call_node)
        return Tensor(head=model.head, training=training(interp))
    if isinstance(model, Instance):
        return interp.call(model, CallCtx(interp, call_node, [x], {}))  # type: ignore[arg-type]
    return UNKNOWN


def is_model(value: Value) -> bool:
    if isinstance(value, (SequentialModel, FunctionalModel, PretrainedModel)):
        return True
    if isinstance(value, Instance):
        return value.cls.kind in ("torch_module", "keras_model", "lightning")
    return isinstance(value, Layer)


# ---------------------------------------------------------------------------------------------
# tensors: methods, arithmetic, indexing

PRESERVE_METHODS = {
    "view", "reshape", "flatten", "squeeze", "unsqueeze", "float", "double", "half", "bfloat16", "to",
    "cuda", "cpu", "contiguous", "detach", "clone", "type", "permute", "transpose", "astype", "numpy",
    "copy", "requires_grad_", "view_as", "reshape_as", "expand", "expand_as", "ravel", "convert",
    "resize", "crop", "rotate", "squeeze_", "unsqueeze_", "long", "int", "swapaxes", "moveaxis",
    "repeat", "tile", "to_numpy", "values", "cache", "pin_memory", "as_type", "byte", "short",
}


def _is_bool_dtype(value: Value) -> bool:
    from lossguard.analysis.values import Ref

    if isinstance(value, Const):
        return value.value in ("bool", "bool_", "?")
    if isinstance(value, Ref):
        return value.qualname.split(".")[-1] in ("bool", "bool_", "bool8")
    return False


@on_method(Tensor, "bool")
def _tensor_bool(t: Tensor, name: str, ctx: CallCtx) -> Value:
    return Tensor(data=DataInfo(value_range="0..1", encoding="binary", n_classes=2)) if t.data is not None else Tensor()


@on_method(Tensor, *PRESERVE_METHODS)
def _tensor_preserve(t: Tensor, name: str, ctx: CallCtx) -> Value:
    if name in ("astype", "to", "type") and t.data is not None and _is_bool_dtype(ctx.arg(0, "dtype")):
        return Tensor(data=DataInfo(value_range="0..1", encoding="binary", n_classes=2))
    if name in ("long", "int", "short", "byte") and t.data is not None and t.data.value_range == "0..1" and t.data.encoding is None:
        return Tensor()  # truncating 0..1 floats: no longer what it was
    return t


@on_method(Tensor, "softmax", "log_softmax", "sigmoid", "relu", "tanh", "exp", "log", "clamp", "clip",
           "sigmoid_", "relu_", "tanh_", "clamp_", "log_")
def _tensor_activation(t: Tensor, name: str, ctx: CallCtx) -> Value:
    kind = name.rstrip("_")
    kind = "clamp" if kind == "clip" else kind
    dim = ctx.const(0, "dim")
    given = ctx.has(0, "dim")
    if kind not in ("softmax", "log_softmax"):
        dim, given = None, False
    if not isinstance(dim, int):
        dim = None
    framework = t.head.framework if t.head else "torch"
    node = ctx.node
    wraps = None
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        wraps = node.func.value
    return apply_activation(ctx.interp, t, kind, node, framework, dim=dim, dim_given=given, wraps=wraps,
                            form="method")


@on_method(Tensor, "argmax")
def _tensor_argmax(t: Tensor, name: str, ctx: CallCtx) -> Value:
    if t.data is not None and t.data.encoding == "one_hot":
        return Tensor(data=replace(t.data, encoding="integer"))
    return Tensor()


@on_method(Tensor, "div", "div_", "true_divide", "mul", "mul_", "sub", "sub_", "add", "add_")
def _tensor_arith_method(t: Tensor, name: str, ctx: CallCtx) -> Value:
    op = {"div": "/", "true_divide": "/", "mul": "*", "sub": "-", "add": "+"}[name.rstrip("_")]
    result = tensor_binop(t, op, ctx.arg(0), False)
    return result


@on_method(Tensor, "*")
def _tensor_other(t: Tensor, name: str, ctx: CallCtx) -> Value:
    return UNKNOWN


@on_method(Tensor, "__attr__")
def _tensor_attr(t: Tensor, name: str, ctx: CallCtx) -> Optional[Value]:
    if name in ("data", "T", "mT", "values"):
        return t
    if name in ("shape", "dtype", "device", "ndim", "size", "grad"):
        return UNKNOWN
    return None


@on_method(Tensor, "__binop__")
def _tensor_binop_hook(t: Tensor, op: str, ctx: CallCtx) -> Value:
    other = ctx.args[0]
    reflected = bool(ctx.args[1].value) if isinstance(ctx.args[1], Const) else False
    return tensor_binop(t, op, other, reflected)


def tensor_binop(t: Tensor, op: str, other: Value, reflected: bool) -> Value:
    if t.head is not None:
        # arithmetic on a model output: we no longer know what it is
        return Tensor(head=replace(t.head, activation="unknown"), raw_path=t.raw_path, training=t.training)
    data = t.data
    if data is None:
        return Tensor(unscaled_input=False)
    if data.encoding == "identity":
        return Tensor()
    if data.encoding is not None or data.target_range is not None:
        # arithmetic on labels or targets (shifts, scaling): no longer the known labels
        return Tensor(data=DataInfo(value_range="scaled" if op in "/*-+" else None))
    if data.value_range == "0..255":
        if op == "/" and not reflected and isinstance(other, Const) and other.value in (255, 255.0):
            new = "0..1"
        elif op in ("/", "*", "-", "+"):
            new = "scaled"
        else:
            new = None
        return Tensor(data=DataInfo(value_range=new, is_image=data.is_image))
    return Tensor(data=DataInfo(value_range="scaled" if data.value_range else None, is_image=data.is_image))


@on_method(Tensor, "__compare__")
def _tensor_compare(t: Tensor, name: str, ctx: CallCtx) -> Value:
    if t.data is not None and t.head is None:
        return Tensor(data=DataInfo(value_range="0..1", encoding="binary", n_classes=2))
    return Tensor()


@on_method(Tensor, "__getitem__")
def _tensor_getitem(t: Tensor, name: str, ctx: CallCtx) -> Value:
    index = ctx.args[0]
    if t.data is not None and t.data.encoding == "identity":
        # np.eye(N)[labels] → one-hot labels
        return Tensor(data=DataInfo(encoding="one_hot", n_classes=t.data.n_classes, classes_node=t.data.classes_node))
    if t.head is not None:
        return t.with_(head=replace(t.head, units=None))
    if isinstance(index, Const) and isinstance(index.value, str):
        return UNKNOWN  # a column of a frame: not this array
    return t


@on_method(Tensor, "__iter_element__")
def _tensor_iter(t: Tensor, name: str, ctx: CallCtx) -> Value:
    return t if t.head is None else UNKNOWN


def data_tensor(**fields: object) -> Tensor:
    return Tensor(data=DataInfo(**fields))  # type: ignore[arg-type]


def int_const(value: Value) -> Optional[int]:
    if isinstance(value, Const) and isinstance(value.value, int) and not isinstance(value.value, bool):
        return value.value
    return None


def positive_number(value: Value) -> Optional[float]:
    """A literal positive int or float (a learning rate, a momentum), else None."""
    if isinstance(value, Const) and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
        return float(value.value) if value.value > 0 else None
    return None


def tuple_of(*items: Value) -> Seq:
    return Seq(list(items), "tuple")
