"""Framework-neutral tensor semantics: activations, layers applied to tensors, models applied to
inputs, and what arithmetic / reshaping does to data ranges and label encodings."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

import libcst as cst

from lossguard.analysis.events import ActivationEvent, LossEvent
from lossguard.analysis.registry import CallCtx, Machine, on_method
from lossguard.analysis.values import (
    SOME_INT, SYMBOLIC, UNKNOWN, Const, DataInfo, DictVal, FunctionalModel, Head, Instance, Layer, LossFn, PretrainedModel,
    Seq, SequentialModel, SomeInt, SymbolicInput, Tensor, Value, is_symbolic,
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
        return SymbolicInput(t.input_of) if t.input_of is not None else SYMBOLIC
    if t.data is not None and t.data.value_range == "0..255":
        return t.data.origin or SYMBOLIC
    return None


def record_activation(interp: Machine, head: Head, on_training_path: bool = True) -> None:
    """`on_training_path`: False for a softmax applied to outputs computed under no_grad/inference_mode
    (predictions, plots): not on the training path, so not a finding (rules.md)."""
    if head.activation in ("softmax", "log_softmax"):
        interp.events.activations.append(ActivationEvent(head, on_training_path and training(interp)))


def record_loss_call(interp: Machine, loss: LossFn, pred: Value, target: Value, node: cst.CSTNode) -> Tensor:
    """A loss called on (prediction, target): criterion(out, y), F.cross_entropy(...), tf.nn.*_with_logits.
    Returns the loss value, which remembers the call (does it reach a gradient? libraries/training.py)."""
    event = LossEvent(loss=loss, pred=pred, target=target, node=node, via="call", training=training(interp))
    interp.events.losses.append(event)
    return Tensor(training=training(interp), loss_of=(event,))


def apply_activation(interp: Machine, x: Value, kind: str, node: Optional[cst.CSTNode], framework: str,
                     dim: Optional[int] = None, dim_given: bool = False,
                     wraps: Optional[cst.CSTNode] = None, form: str = "function") -> Tensor:
    """An activation function applied to `x` (F.softmax(x, 1), torch.sigmoid(x), tf.nn.softmax(x)...)."""
    t = as_tensor(x)
    prev = t.head
    if kind == "log" and prev is not None:
        kind = {"softmax": "log_softmax", "sigmoid": "other", "log_softmax": "log_log_softmax"}.get(prev.activation,
                                                                                                    "other")
        if kind in ("log_softmax", "log_log_softmax"):  # log of log-probabilities: NaN (values <= 0)
            head = replace(prev, activation=kind, act_node=node, act_call=None, act_input=None)
            return t.with_(head=head, training=t.training and training(interp))
    elif kind == "log":
        kind = "other"
    if kind == "exp" and prev is not None and prev.activation == "log_softmax":
        return t.with_(head=replace(prev, activation="softmax", act_node=node), training=training(interp))
    rank = rank_of(t)
    if kind == "exp":
        kind = "other"
    if kind == "clamp":
        if prev is not None and prev.activation in ("softmax", "sigmoid"):
            return t
        kind = "other"
    head = Head(
        activation=kind,
        units=width_of(prev),
        framework=framework,
        act_node=node,
        layer_node=prev.layer_node if prev is not None else None,
        dim=dim,
        dim_given=dim_given,
        layer_kind=prev.layer_kind if prev is not None else None,
        act_call=node if wraps is not None else None,
        act_input=wraps,
        act_form=form,
        rank=rank,
        act_rank=rank,
    )
    record_activation(interp, head, t.training)
    return Tensor(head=head, raw_path=t.raw_path, training=t.training and training(interp), model=t.model)


def layer_name(layer: Layer) -> Optional[str]:
    name = layer.attrs.get("name")
    return name.value if isinstance(name, Const) and isinstance(name.value, str) else None


def apply_layer(interp: Machine, layer: Layer, x: Value, call_node: Optional[cst.CSTNode],
                input_node: Optional[cst.CSTNode] = None) -> Value:
    """A layer object applied to an input: Keras `Dense(...)(x)`, torch `self.fc(x)`, Sequential steps."""
    t = as_tensor(x)
    kind = layer.kind
    train = t.training and training(interp)
    if kind in PARAMETRIC:
        raw = t.raw_path or raw_origin(t)
        # a torch conv keeps its input's rank; when that is unknown, its batched output rank
        in_rank = rank_of(t) if rank_of(t) is not None or layer.framework != "torch" else layer.out_rank
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
            rank=in_rank if kind != "rnn" or layer.framework == "torch" else None,
            act_rank=in_rank,
            name=layer_name(layer),
        )
        record_activation(interp, head, train)
        out = Tensor(head=head, raw_path=raw, training=train)
        if layer.framework == "torch" and kind == "rnn":
            return Seq([out.with_(head=replace(head, activation="other", units=None)), UNKNOWN], "tuple")
        return out
    if kind == "activation":
        prev = t.head
        if layer.activation == "linear" and prev is not None:
            # the identity: `Activation('linear', dtype='float32')` after a softmax is the mixed-precision
            # guide's cast to float32 — the outputs are still the softmax's
            return t.with_(training=train)
        explicit = call_node is not None and layer.framework == "torch"
        node = call_node if explicit else layer.node
        head = Head(
            activation=layer.activation or "unknown",
            units=width_of(prev),
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
            rank=rank_of(t),
            act_rank=rank_of(t),
            name=layer_name(layer) or (prev.name if prev is not None else None),
        )
        record_activation(interp, head, train)
        return Tensor(head=head, raw_path=t.raw_path, training=train)
    if kind == "transparent":
        return t
    if kind == "reshape":
        out = t.with_(head=replace(t.head, units=None, reshaped=False) if t.head is not None else None)
        return with_rank(out, layer.out_rank)
    if kind == "time_distributed" and layer.inner is not None:
        return apply_model(interp, layer.inner, t, call_node)
    if kind == "scale":
        return Tensor(raw_path=t.raw_path, training=train)
    if kind == "pool":
        rank = layer.out_rank if layer.out_rank is not None else rank_of(t)
        out = Tensor(head=Head("other", None, layer.framework, layer_node=layer.node) if t.head else None,
                     raw_path=t.raw_path, unscaled_input=t.unscaled_input,
                     data=t.data if t.data is not None and t.head is None else None, training=train)
        return with_rank(out, rank)
    if kind == "embedding":
        rank = rank_of(t)
        return Tensor(head=Head("other", layer.units, layer.framework, layer_node=layer.node,
                                rank=rank + 1 if rank is not None else None), training=train)
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
        if isinstance(out, (Seq, DictVal)):  # several outputs: each as a single output would be
            items = out.items if isinstance(out, Seq) else list(out.items.values())
            if not items or not all(isinstance(i, Tensor) for i in items):
                return UNKNOWN
            each = [_functional_output(interp, model, i, x) for i in items]
            return Seq(each, out.kind) if isinstance(out, Seq) else DictVal(dict(zip(out.items, each)))
        if not isinstance(out, Tensor):
            return UNKNOWN
        return _functional_output(interp, model, out, x)
    if isinstance(model, PretrainedModel):
        for attr in ("fc", "classifier", "head", "heads", "top"):
            if attr in model.attrs:
                return apply_model(interp, model.attrs[attr], Tensor(training=training(interp)), call_node)
        return Tensor(head=model.head, training=training(interp))
    if isinstance(model, Instance):
        return interp.call(model, CallCtx(interp, call_node, [x], {}))  # type: ignore[arg-type]
    return UNKNOWN


def _functional_output(interp: Machine, model: Value, out: Tensor, x: Value) -> Tensor:
    raw = out.raw_path
    if is_symbolic(raw):
        origin = raw_origin(as_tensor(fed_to(model, raw, x)))
        raw = raw if origin is SYMBOLIC else origin  # (applied to the stand-in input: which Input stays known)
    return out.with_(raw_path=raw, training=training(interp), model=model)


def fed_to(model: Value, raw: object, x: Value) -> Value:
    """What of `x` (a model's input: one array, or a list of them in the order of its inputs) feeds
    the symbolic input `raw`; UNKNOWN when that cannot be told."""
    if not isinstance(x, Seq):
        return x
    nodes = model.input_nodes if isinstance(model, FunctionalModel) else ()
    if isinstance(raw, SymbolicInput) and raw.node in nodes and len(nodes) == len(x.items):
        return x.items[nodes.index(raw.node)]
    return UNKNOWN


MODEL_KINDS = ("torch_module", "keras_model", "lightning")  # ClassVal.kind of the program's model classes


def is_model(value: Value) -> bool:
    if isinstance(value, (SequentialModel, FunctionalModel, PretrainedModel)):
        return True
    if isinstance(value, Instance):
        return value.cls.kind in MODEL_KINDS
    return isinstance(value, Layer)


# ---------------------------------------------------------------------------------------------
# tensors: methods, arithmetic, indexing

PRESERVE_METHODS = {
    "float", "double", "half", "bfloat16", "to", "cuda", "cpu", "contiguous", "detach", "clone", "type",
    "permute", "transpose", "astype", "numpy", "copy", "requires_grad_", "crop", "rotate", "long", "int",
    "swapaxes", "moveaxis", "to_numpy", "values", "cache", "pin_memory", "as_type", "byte", "short",
}
# methods that change the shape: what the loss sees along the units axis may change (see reshape_tensor)
SHAPE_METHODS = {
    "view", "reshape", "resize", "resize_", "flatten", "ravel", "squeeze", "squeeze_", "unsqueeze",
    "unsqueeze_", "view_as", "reshape_as", "expand", "expand_as", "repeat", "tile",
}


# ranks: how many dimensions a tensor has, when the code says so (torch.randn(8, 10, 5), x.view(b, t, -1))
def rank_of(value: Value) -> Optional[int]:
    if not isinstance(value, Tensor):
        return None
    if value.head is not None:
        return value.head.rank
    if value.data is not None:
        return value.data.rank
    return None


def with_rank(t: Tensor, rank: Optional[int]) -> Tensor:
    if t.head is not None:
        return t.with_(head=replace(t.head, rank=rank)) if t.head.rank != rank else t
    if t.data is not None:
        return t.with_(data=replace(t.data, rank=rank)) if t.data.rank != rank else t
    return t


def width_of(head: Optional[Head]) -> Optional[int]:
    """Units a following activation / layer sees: unknown once reshaped to an unknown width."""
    if head is None or head.reshaped:
        return None
    return head.units


def shape_dims(args: list[Value], star: bool) -> Optional[list[Value]]:
    """The dimensions given to view / reshape / resize / expand: `(a, b)`, `a, b`, `-1`; None if unknown."""
    if star or not args:
        return None
    if len(args) == 1:
        only = args[0]
        if isinstance(only, Seq) and not getattr(only, "repeat", False):
            return list(only.items)
        return [only] if int_const(only) is not None or isinstance(only, SomeInt) else None
    return list(args)


def reshape_tensor(t: Tensor, dims: Optional[list[Value]]) -> Tensor:
    """`t` viewed / reshaped to `dims` (None: to a shape we do not know)."""
    rank = len(dims) if dims is not None else None
    head = t.head
    if head is None:
        return with_rank(t, rank)
    last = int_const(dims[-1]) if dims else None
    if last is not None and last > 0:
        return t.with_(head=replace(head, units=last, reshaped=False, rank=rank))
    return t.with_(head=replace(head, reshaped=True, rank=rank))  # (batch, 1).view(-1): one axis, the batch


def flatten_tensor(t: Tensor, start: object, end: object) -> Tensor:
    """torch.flatten(t, start_dim, end_dim) / t.flatten() / t.ravel()."""
    if not isinstance(start, int) or not isinstance(end, int) or end != -1:
        return reshape_tensor(t, None)
    if start == 0:
        return reshape_tensor(t, [Const(-1)])
    rank = rank_of(t)
    if start == 1 and rank == 2:
        return t
    if start == 1:
        return reshape_tensor(t, [UNKNOWN, Const(-1)])
    return reshape_tensor(t, None)


def unsqueeze_tensor(t: Tensor) -> Tensor:
    rank = rank_of(t)
    return with_rank(t, rank + 1 if rank is not None else None)


def squeeze_tensor(t: Tensor) -> Tensor:
    return with_rank(t, None)  # which axes have size 1 is not known: the units stay as they were


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


@on_method(Tensor, *SHAPE_METHODS)
def _tensor_shape(t: Tensor, name: str, ctx: CallCtx) -> Value:
    base = name.rstrip("_")
    if base in ("view", "reshape", "resize", "expand"):
        if base == "view" and len(ctx.args) == 1 and int_const(ctx.args[0]) is None and not isinstance(ctx.args[0], Seq):
            return reshape_tensor(t, None)  # view(dtype) or view(shape variable)
        if base == "resize" and t.head is None:
            return with_rank(t, None)  # PIL / numpy resizing of data: the values stay what they were
        return reshape_tensor(t, shape_dims(ctx.args, ctx.star_args) if not ctx.kwargs else None)
    if base in ("flatten", "ravel"):
        if base == "ravel":
            return flatten_tensor(t, 0, -1)
        return flatten_tensor(t, ctx.const(0, "start_dim", default=0), ctx.const(1, "end_dim", default=-1))
    if base == "unsqueeze":
        return unsqueeze_tensor(t)
    if base == "squeeze":
        return squeeze_tensor(t)
    if base in ("view_as", "reshape_as", "expand_as"):
        other = ctx.arg(0, "other")
        other_head = other.head if isinstance(other, Tensor) else None
        if t.head is not None and other_head is not None and width_of(other_head) is not None:
            return t.with_(head=replace(t.head, units=other_head.units, reshaped=False, rank=other_head.rank))
        return reshape_tensor(t, None) if t.head is not None else with_rank(t, rank_of(other))
    # repeat / tile: the width is unchanged only when the last repeat count is 1
    dims = shape_dims(ctx.args, ctx.star_args)
    if t.head is not None and dims and int_const(dims[-1]) == 1:
        return with_rank(t, None)
    return reshape_tensor(t, None) if t.head is not None else with_rank(t, None)


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
    if name == "shape":
        rank = rank_of(t)  # b, t, c = x.shape / torch.zeros(x.shape[0]): ints of unknown value
        return Seq([SOME_INT] * rank, "tuple") if rank is not None else UNKNOWN
    if name == "ndim":
        rank = rank_of(t)
        return Const(rank) if rank is not None else SOME_INT
    if name in ("dtype", "device", "grad"):
        return UNKNOWN
    return None


@on_method(Tensor, "size", "numel", "nelement", "dim", "ndimension")
def _tensor_size(t: Tensor, name: str, ctx: CallCtx) -> Value:
    if name == "size" and not ctx.has(0, "dim"):
        return _tensor_attr(t, "shape", ctx) or UNKNOWN  # x.size(): the shape
    return SOME_INT


@on_method(SomeInt, "__binop__")
def _some_int_binop(value: SomeInt, op: str, ctx: CallCtx) -> Optional[Value]:
    other = ctx.args[0]
    if op in ("+", "-", "*", "//", "%") and (isinstance(other, SomeInt) or int_const(other) is not None):
        return SOME_INT
    return None


@on_method(Tensor, "__binop__")
def _tensor_binop_hook(t: Tensor, op: str, ctx: CallCtx) -> Value:
    other = ctx.args[0]
    reflected = bool(ctx.args[1].value) if isinstance(ctx.args[1], Const) else False
    return tensor_binop(t, op, other, reflected)


def tensor_binop(t: Tensor, op: str, other: Value, reflected: bool) -> Value:
    losses = t.loss_of + (other.loss_of if isinstance(other, Tensor) else ())
    if losses:  # loss + 0.1 * aux_loss, total += loss: still the losses (the training path)
        return Tensor(training=t.training, loss_of=losses)
    if t.head is not None:
        # arithmetic on a model output: we no longer know what it is, and broadcasting against an
        # operand of unknown shape (a bias of shape (num_classes,)) makes its width unknown too
        # (a width above 1 cannot change: broadcasting only stretches axes of size 1)
        units = t.head.units
        same_width = units is None or units > 1 or _broadcast_keeps_width(t.head, other)
        other_rank = 0 if isinstance(other, Const) else rank_of(other)
        same_rank = other_rank is not None and t.head.rank is not None and other_rank <= t.head.rank
        head = replace(t.head, activation="unknown", units=units if same_width else None,
                       reshaped=t.head.reshaped if same_width else False,
                       rank=t.head.rank if same_rank else None)
        return Tensor(head=head, raw_path=t.raw_path, training=t.training)
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


def _broadcast_keeps_width(head: Head, other: Value) -> bool:
    if isinstance(other, Const):
        return isinstance(other.value, (int, float)) and not isinstance(other.value, bool)
    if not isinstance(other, Tensor):
        return False
    if rank_of(other) == 0:
        return True
    return (other.head is not None and width_of(other.head) is not None and width_of(other.head) == width_of(head)
            and other.head.rank == head.rank)


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
        return t.with_(head=replace(t.head, units=None, reshaped=False, rank=None))
    if isinstance(index, Const) and isinstance(index.value, str):
        return UNKNOWN  # a column of a frame: not this array
    rank = rank_of(t)
    if rank is not None:
        return with_rank(t, rank - 1 if int_const(index) is not None and rank > 0 else None)
    return t


@on_method(Tensor, "__iter_element__")
def _tensor_iter(t: Tensor, name: str, ctx: CallCtx) -> Value:
    if t.head is not None:
        return _output_row(t)
    rank = rank_of(t)
    return with_rank(t, rank - 1 if rank else None)


def _output_row(t: Tensor) -> Value:
    """`for row in model(x):` / `for scores in torch.softmax(out, -1):`: a slice along the first axis
    of a model output. An elementwise activation stays what it was; a softmax stays one when its axis
    is still known (counted from the end), else the slice is unknown. The width stays known only
    when the slice keeps the last axis (a known rank of 2 or more)."""
    head = t.head
    assert head is not None
    rank = head.rank
    dim = head.dim
    if head.activation in ("softmax", "log_softmax"):
        if dim is None or (dim >= 0 and rank is None):
            return UNKNOWN
        if dim >= 0:
            if dim == 0:
                return UNKNOWN  # the slice cuts across the softmax axis
            dim = dim - rank  # type: ignore[operator]
    units = head.units if rank is not None and rank >= 2 else None
    row = replace(head, units=units, dim=dim, rank=rank - 1 if rank else None,
                  act_rank=head.act_rank - 1 if head.act_rank else None)
    return t.with_(head=row)


def data_tensor(**fields: object) -> Tensor:
    return Tensor(data=DataInfo(**fields))  # type: ignore[arg-type]


def int_const(value: Value) -> Optional[int]:
    if isinstance(value, Const) and isinstance(value.value, int) and not isinstance(value.value, bool):
        return value.value
    return None


def size_dims(args: list[Value], star: bool) -> Optional[list[Value]]:
    """The dimensions of a tensor constructor: torch.randn(8, 10), torch.zeros((8, 10)), size=(n,)
    (read like view()'s: a lone value that is neither an int nor a shape is unknown)."""
    return shape_dims(args, star)


def random_integers(low: object, high: object, dims: Optional[list[Value]], node: Optional[cst.CSTNode]) -> Tensor:
    """Integers drawn uniformly from [low, high) (randint, choice, integers, tf.random.uniform(dtype=int)).
    One per sample (or per position: sequence / pixel labels) they are class ids; values 0/1 are binary."""
    rank = len(dims) if dims is not None else None
    if not isinstance(low, int) or not isinstance(high, int) or isinstance(low, bool) or low < 0 or high <= low:
        return data_tensor(rank=rank)
    if high <= 2:
        one_per_sample = rank is None or rank == 1 or (rank == 2 and int_const(dims[1]) == 1)  # type: ignore[index]
        if low == 0 and high == 2 and one_per_sample:
            return data_tensor(value_range="0..1", encoding="binary", n_classes=2, rank=rank)
        return data_tensor(value_range="0..1", rank=rank)  # constant, or a random 0/1 matrix (multi-hot)
    n = high if low == 0 else None  # 1..N: integer ids, but how many classes is not known
    return data_tensor(encoding="integer", n_classes=n, classes_node=node if n else None, rank=rank)


def positive_number(value: Value) -> Optional[float]:
    """A literal positive int or float (a learning rate, a momentum), else None."""
    if isinstance(value, Const) and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
        return float(value.value) if value.value > 0 else None
    return None


def tuple_of(*items: Value) -> Seq:
    return Seq(list(items), "tuple")
