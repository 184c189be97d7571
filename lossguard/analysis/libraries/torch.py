"""PyTorch semantics: nn modules, functional activations and losses, criteria, tensors."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from lossguard.analysis.libraries.common import (
    apply_activation, apply_layer, apply_model, as_tensor, data_tensor, flatten_tensor, int_const, positive_number,
    random_integers, rank_of, record_loss_call, reshape_tensor, size_dims, squeeze_tensor, training,
    unsqueeze_tensor,
)
from lossguard.analysis.events import SetupEvent
from lossguard.analysis.registry import CALLS, CallCtx, on_call
from lossguard.analysis.values import (
    UNKNOWN, Const, DataInfo, DictVal, Head, Layer, LossFn, PretrainedModel, Seq, SequentialModel, Tensor, Value,
)

# ------------------------------------------------------------------------------------ losses
# qualified name → (family, expects, target format)
TORCH_LOSS_CLASSES = {
    "torch.nn.CrossEntropyLoss": ("categorical", "logits", "index_or_prob"),
    "torch.nn.BCELoss": ("binary", "probabilities", "binary"),
    "torch.nn.BCEWithLogitsLoss": ("binary", "logits", "binary"),
    "torch.nn.NLLLoss": ("nll", "log_probabilities", "integer"),
    "torch.nn.MSELoss": ("regression", "values", "values"),
    "torch.nn.L1Loss": ("regression", "values", "values"),
    "torch.nn.SmoothL1Loss": ("regression", "values", "values"),
    "torch.nn.HuberLoss": ("regression", "values", "values"),
    "torch.nn.KLDivLoss": ("other", "unknown", "any"),
    "torch.nn.MultiLabelSoftMarginLoss": ("other", "unknown", "any"),
    "torch.nn.MultiMarginLoss": ("other", "unknown", "any"),
    "torch.nn.CosineEmbeddingLoss": ("other", "unknown", "any"),
    "torch.nn.CTCLoss": ("other", "unknown", "any"),
    "torch.nn.PoissonNLLLoss": ("other", "unknown", "any"),
    "torch.nn.GaussianNLLLoss": ("other", "unknown", "any"),
}
TORCH_LOSS_FUNCTIONS = {
    "torch.nn.functional.cross_entropy": "torch.nn.CrossEntropyLoss",
    "torch.nn.functional.binary_cross_entropy": "torch.nn.BCELoss",
    "torch.nn.functional.binary_cross_entropy_with_logits": "torch.nn.BCEWithLogitsLoss",
    "torch.nn.functional.nll_loss": "torch.nn.NLLLoss",
    "torch.nn.functional.mse_loss": "torch.nn.MSELoss",
    "torch.nn.functional.l1_loss": "torch.nn.L1Loss",
    "torch.nn.functional.smooth_l1_loss": "torch.nn.SmoothL1Loss",
    "torch.nn.functional.huber_loss": "torch.nn.HuberLoss",
    "torch.nn.functional.kl_div": "torch.nn.KLDivLoss",
}


def make_torch_loss(qualname: str, node: object, kind: str) -> LossFn:
    family, expects, target = TORCH_LOSS_CLASSES[qualname]
    return LossFn(name=qualname.replace("torch.nn.functional.", "F.").replace("torch.nn.", "nn."),
                  family=family, expects=expects, framework="torch", node=node,  # type: ignore[arg-type]
                  target_format=target, arg_order="pred_true", callable_kind=kind)


def _loss_class(ctx: CallCtx) -> Value:
    return make_torch_loss(ctx.qualname, ctx.node, "object")


def _loss_function(ctx: CallCtx) -> Value:
    loss = make_torch_loss(TORCH_LOSS_FUNCTIONS[ctx.qualname], ctx.node, "function")
    loss.name = ctx.qualname.replace("torch.nn.functional.", "F.")
    return record_loss_call(ctx.interp, loss, ctx.arg(0, "input"), ctx.arg(1, "target"), ctx.node)


for _q in TORCH_LOSS_CLASSES:
    CALLS[_q] = _loss_class
for _q in TORCH_LOSS_FUNCTIONS:
    CALLS[_q] = _loss_function

# ------------------------------------------------------------------------------------ optimizers
TORCH_OPTIMIZERS = {"SGD": "sgd", "Adam": "adam", "AdamW": "adamw", "RMSprop": "rmsprop", "Adagrad": "adagrad",
                    "Adadelta": "adadelta", "Adamax": "adamax", "NAdam": "nadam", "RAdam": "other", "ASGD": "other",
                    "LBFGS": "other", "Rprop": "other", "SparseAdam": "other"}


def _optimizer(ctx: CallCtx) -> Value:
    """torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9): recorded for the probe, no value."""
    family = TORCH_OPTIMIZERS[ctx.qualname.split(".")[-1]]
    momentum = ctx.arg(2 if family == "sgd" else None, "momentum") if family in ("sgd", "rmsprop") else UNKNOWN
    ctx.interp.events.setup.append(SetupEvent("torch", ctx.node, family, positive_number(ctx.arg(1, "lr")),
                                              positive_number(momentum)))
    return UNKNOWN


for _q in TORCH_OPTIMIZERS:
    CALLS["torch.optim." + _q] = _optimizer

# ------------------------------------------------------------------------------------ activations
_ACT_FUNCS = {
    "softmax": "softmax", "log_softmax": "log_softmax", "sigmoid": "sigmoid", "relu": "relu",
    "leaky_relu": "relu", "elu": "elu", "selu": "elu", "celu": "elu", "gelu": "relu", "silu": "relu",
    "mish": "relu", "softplus": "relu", "tanh": "tanh", "hardsigmoid": "sigmoid", "hardtanh": "tanh",
    "relu6": "relu", "log": "log", "exp": "exp", "clamp": "clamp", "clip": "clamp", "logsigmoid": "other",
    "expit": "sigmoid", "softmin": "other", "normalize": "other",
}


def _torch_act(kind: str):
    def handler(ctx: CallCtx) -> Value:
        x = ctx.arg(0, "input")
        dim: Optional[int] = None
        given = False
        if kind in ("softmax", "log_softmax"):
            value = ctx.const(1, "dim")
            given = ctx.has(1, "dim") and value is not None
            dim = value if isinstance(value, int) else None
        return apply_activation(ctx.interp, x, kind, ctx.node, "torch", dim=dim, dim_given=given,
                                wraps=ctx.arg_node(0, "input"))
    return handler


for _fn, _kind in _ACT_FUNCS.items():
    for _prefix in ("torch.", "torch.nn.functional.", "torch.special."):
        CALLS.setdefault(_prefix + _fn, _torch_act(_kind))
    CALLS["torch.Tensor." + _fn] = _torch_act(_kind)

# ------------------------------------------------------------------------------------ modules
_ACT_MODULES = {
    "Softmax": "softmax", "LogSoftmax": "log_softmax", "Sigmoid": "sigmoid", "ReLU": "relu",
    "LeakyReLU": "relu", "ELU": "elu", "SELU": "elu", "CELU": "elu", "GELU": "relu", "SiLU": "relu",
    "Mish": "relu", "Softplus": "relu", "PReLU": "relu", "ReLU6": "relu", "Tanh": "tanh",
    "Hardsigmoid": "sigmoid", "Hardtanh": "tanh", "LogSigmoid": "other", "Softmax2d": "softmax",
    "Softsign": "tanh", "Hardswish": "relu",
}
_TRANSPARENT = {"Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "Identity"}
_RESHAPE = {"Flatten", "Unflatten", "Upsample", "PixelShuffle", "ZeroPad2d", "ReflectionPad2d"}
_SCALE = {"BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm", "GroupNorm", "InstanceNorm1d",
          "InstanceNorm2d", "InstanceNorm3d", "LocalResponseNorm", "LazyBatchNorm1d", "LazyBatchNorm2d"}
_POOL = {"MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d", "AdaptiveAvgPool1d",
         "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d"}
_CONV = {"Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"}
_LAZY_CONV = {"LazyConv1d", "LazyConv2d", "LazyConv3d"}
_RNN = {"LSTM", "GRU", "RNN"}


def _module(ctx: CallCtx, kind: str, **fields: object) -> Layer:
    return Layer(framework="torch", kind=kind, qualname=ctx.qualname, node=ctx.node, **fields)  # type: ignore[arg-type]


@on_call("torch.nn.Linear")
def _linear(ctx: CallCtx) -> Value:
    return _module(ctx, "dense", units=int_const(ctx.arg(1, "out_features")), activation="linear")


@on_call("torch.nn.LazyLinear")
def _lazy_linear(ctx: CallCtx) -> Value:
    return _module(ctx, "dense", units=int_const(ctx.arg(0, "out_features")), activation="linear")


@on_call("torch.nn.Bilinear")
def _bilinear(ctx: CallCtx) -> Value:
    return _module(ctx, "dense", units=int_const(ctx.arg(2, "out_features")), activation="linear")


def _batched_conv_rank(qualname: str) -> int:
    """Conv1d/2d/3d outputs are (batch, channels, *spatial): 3, 4 or 5 dimensions. It matters for an
    implicit-dim softmax: PyTorch takes it along dim 0 of a 3-D tensor, never along Conv1d's channels."""
    return int(qualname[-2]) + 2


@on_call(*("torch.nn." + n for n in _CONV))
def _conv(ctx: CallCtx) -> Value:
    return _module(ctx, "conv", units=int_const(ctx.arg(1, "out_channels")), activation="linear",
                   out_rank=_batched_conv_rank(ctx.qualname))


@on_call(*("torch.nn." + n for n in _LAZY_CONV))
def _lazy_conv(ctx: CallCtx) -> Value:
    return _module(ctx, "conv", units=int_const(ctx.arg(0, "out_channels")), activation="linear",
                   out_rank=_batched_conv_rank(ctx.qualname))


@on_call(*("torch.nn." + n for n in _RNN))
def _rnn(ctx: CallCtx) -> Value:
    return _module(ctx, "rnn", units=int_const(ctx.arg(1, "hidden_size")), activation="other")


@on_call(*("torch.nn." + n for n in _ACT_MODULES))
def _act_module(ctx: CallCtx) -> Value:
    short = ctx.qualname.split(".")[-1]
    kind = _ACT_MODULES[short]
    dim: Optional[int] = None
    given = False
    if kind in ("softmax", "log_softmax"):
        if short == "Softmax2d":
            dim, given = -3, True
        else:
            value = ctx.const(0, "dim")
            given = ctx.has(0, "dim") and value is not None
            dim = value if isinstance(value, int) else None
    return _module(ctx, "activation", activation=kind, dim=dim, dim_given=given)


@on_call(*("torch.nn." + n for n in _TRANSPARENT))
def _transparent(ctx: CallCtx) -> Value:
    return _module(ctx, "transparent")


@on_call(*("torch.nn." + n for n in _RESHAPE))
def _reshape(ctx: CallCtx) -> Value:
    flatten = ctx.qualname.endswith(".Flatten") and not ctx.args and not ctx.kwargs  # start_dim=1: (N, -1)
    return _module(ctx, "reshape", out_rank=2 if flatten else None)


@on_call(*("torch.nn." + n for n in _SCALE))
def _scale(ctx: CallCtx) -> Value:
    return _module(ctx, "scale")


@on_call(*("torch.nn." + n for n in _POOL))
def _pool(ctx: CallCtx) -> Value:
    return _module(ctx, "pool")


@on_call("torch.nn.Embedding", "torch.nn.EmbeddingBag")
def _embedding(ctx: CallCtx) -> Value:
    return _module(ctx, "embedding", units=int_const(ctx.arg(1, "embedding_dim")))


@on_call("torch.nn.*")
def _unknown_module(ctx: CallCtx) -> Value:
    return _module(ctx, "unknown")


# functional forms of the layers above: applied at once to their first argument (what they do to a
# model output, and that they keep raw 0..255 input raw)
_FUNCTIONAL_LAYERS = {
    **{name: "pool" for name in ("max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d",
                                 "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
                                 "adaptive_max_pool1d", "adaptive_max_pool2d", "lp_pool2d")},
    **{name: "transparent" for name in ("dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
                                        "feature_alpha_dropout")},
    **{name: "scale" for name in ("batch_norm", "layer_norm", "group_norm", "instance_norm", "local_response_norm")},
}


def _functional_layer(kind: str):
    def handler(ctx: CallCtx) -> Value:
        layer = Layer(framework="torch", kind=kind, qualname=ctx.qualname, node=ctx.node)
        return apply_layer(ctx.interp, layer, ctx.arg(0, "input"), None)
    return handler


for _fn, _kind in _FUNCTIONAL_LAYERS.items():
    CALLS["torch.nn.functional." + _fn] = _functional_layer(_kind)
CALLS["torch.max_pool2d"] = CALLS["torch.nn.functional.max_pool2d"]
CALLS["torch.dropout"] = CALLS["torch.nn.functional.dropout"]


@on_call("torch.nn.Sequential")
def _sequential(ctx: CallCtx) -> Value:
    items: list[Value] = list(ctx.args)
    if len(items) == 1 and isinstance(items[0], DictVal):
        items = list(items[0].items.values())
    elif len(items) == 1 and isinstance(items[0], Seq) and getattr(items[0], "ordered_dict", False):
        items = [pair.items[1] if isinstance(pair, Seq) and len(pair.items) == 2 else UNKNOWN
                 for pair in items[0].items]
    if ctx.star_args:
        items = [UNKNOWN]
    model = SequentialModel(framework="torch", layers=items, node=ctx.node)
    apply_model(ctx.interp, model, Tensor(), None)  # records the softmaxes it contains (LG102)
    return model


@on_call("collections.OrderedDict")
def _ordered_dict(ctx: CallCtx) -> Value:
    arg = ctx.arg(0)
    if isinstance(arg, Seq):
        seq = Seq(list(arg.items), "list")
        seq.ordered_dict = True  # type: ignore[attr-defined]
        return seq
    return UNKNOWN


@on_call("torch.nn.ModuleList")
def _module_list(ctx: CallCtx) -> Value:
    arg = ctx.arg(0, "modules")
    return Seq(list(arg.items), "list") if isinstance(arg, Seq) else Seq([], "list")


@on_call("torch.nn.ModuleDict")
def _module_dict(ctx: CallCtx) -> Value:
    arg = ctx.arg(0, "modules")
    return arg if isinstance(arg, DictVal) else UNKNOWN


@on_call("torch.nn.DataParallel", "torch.nn.parallel.DistributedDataParallel", "torch.compile",
         "ignite.distributed.auto_model", "ignite.distributed.auto.auto_model")
def _wrap_model(ctx: CallCtx) -> Value:
    return ctx.arg(0, "module") if ctx.has(0, "module") else ctx.arg(0, "model")


@on_call("ignite.distributed.auto_optim", "ignite.distributed.auto.auto_optim")
def _wrap_optimizer(ctx: CallCtx) -> Value:
    return ctx.arg(0, "optimizer")


@on_call("torchvision.models.*")
def _tv_model(ctx: CallCtx) -> Value:
    classes = ctx.const(None, "num_classes", default=1000)
    head = Head("linear", classes if isinstance(classes, int) else None, "torch", layer_node=ctx.node,
                layer_kind="dense")
    return PretrainedModel(framework="torch", qualname=ctx.qualname, node=ctx.node, head=head)


# ------------------------------------------------------------------------------------ grad modes
class _NoGrad(Value):
    no_grad_marker = True


_NO_GRAD = _NoGrad()


@on_call("torch.no_grad", "torch.inference_mode", "torch.autograd.no_grad")
def _no_grad(ctx: CallCtx) -> Value:
    return _NO_GRAD


@on_call("torch.set_grad_enabled")
def _set_grad(ctx: CallCtx) -> Value:
    return _NO_GRAD if ctx.const(0, "mode") is False else UNKNOWN


@on_call("tensorflow.GradientTape")
def _tape(ctx: CallCtx) -> Value:
    return UNKNOWN


# ------------------------------------------------------------------------------------ tensors
_PRESERVE_FUNCS = ("from_numpy", "as_tensor", "Tensor", "FloatTensor", "LongTensor", "permute", "transpose",
                   "clone", "detach")


def _preserve(ctx: CallCtx) -> Value:
    x = ctx.arg(0, "input")
    if not isinstance(x, Tensor):
        x = ctx.arg(0, "data")
    return x if isinstance(x, Tensor) else UNKNOWN


for _fn in _PRESERVE_FUNCS:
    CALLS["torch." + _fn] = _preserve


def _nested_rank(value: Value) -> Optional[int]:
    """torch.tensor([[1, 2], [3, 4]]) → 2; a scalar → 0; None when not a literal."""
    if isinstance(value, Const) and isinstance(value.value, (int, float)):
        return 0
    if isinstance(value, Seq) and value.items and not getattr(value, "repeat", False):
        inner = {_nested_rank(item) for item in value.items}
        if len(inner) == 1 and None not in inner:
            return inner.pop() + 1  # type: ignore[operator]
    return None


@on_call("torch.tensor")
def _tensor(ctx: CallCtx) -> Value:
    x = ctx.arg(0, "data")
    if isinstance(x, Tensor):
        return x
    rank = _nested_rank(x)
    if isinstance(x, Seq) and not x.items:
        return data_tensor(rank=1, empty=True)
    return data_tensor(rank=rank) if rank is not None else UNKNOWN


@on_call("torch.nn.Parameter", "torch.nn.parameter.Parameter")
def _parameter(ctx: CallCtx) -> Value:
    x = ctx.arg(0, "data")
    return x if isinstance(x, Tensor) and x.head is None else Tensor()


@on_call("torch.flatten")
def _flatten_fn(ctx: CallCtx) -> Value:
    x = ctx.arg(0, "input")
    if not isinstance(x, Tensor):
        return UNKNOWN
    return flatten_tensor(x, ctx.const(1, "start_dim", default=0), ctx.const(2, "end_dim", default=-1))


@on_call("torch.reshape")
def _reshape_fn(ctx: CallCtx) -> Value:
    x = ctx.arg(0, "input")
    if not isinstance(x, Tensor):
        return UNKNOWN
    shape = ctx.arg(1, "shape")
    return reshape_tensor(x, list(shape.items) if isinstance(shape, Seq) else None)


@on_call("torch.squeeze", "torch.unsqueeze")
def _squeeze_fn(ctx: CallCtx) -> Value:
    x = ctx.arg(0, "input")
    if not isinstance(x, Tensor):
        return UNKNOWN
    return unsqueeze_tensor(x) if ctx.qualname.endswith("unsqueeze") else squeeze_tensor(x)


def _like_rank(ctx: CallCtx) -> Optional[int]:
    if ctx.qualname.endswith("_like"):
        return rank_of(ctx.arg(0, "input"))
    dims = size_dims(ctx.args[:1] if ctx.qualname.endswith("full") else ctx.args, ctx.star_args)
    if dims is None and isinstance(ctx.kwargs.get("size"), Seq):
        dims = list(ctx.kwargs["size"].items)  # type: ignore[union-attr]
    return len(dims) if dims is not None else None


@on_call("torch.rand", "torch.rand_like", "torch.ones", "torch.zeros", "torch.ones_like", "torch.zeros_like",
         "torch.full")
def _unit_tensor(ctx: CallCtx) -> Value:
    return data_tensor(value_range="0..1", rank=_like_rank(ctx))


@on_call("torch.randn", "torch.randn_like", "torch.empty")
def _normal_tensor(ctx: CallCtx) -> Value:
    return data_tensor(value_range="scaled", rank=_like_rank(ctx))


@on_call("torch.normal")
def _normal(ctx: CallCtx) -> Value:
    return data_tensor(value_range="scaled")


@on_call("torch.randint")
def _randint(ctx: CallCtx) -> Value:
    """torch.randint(high, size) / torch.randint(low, high, size): integers in [low, high)."""
    size = ctx.kwargs.get("size")
    if ctx.has(2) or (size is not None and ctx.has(1, "high")):
        low, high = ctx.const(0, "low"), ctx.const(1, "high")
        size = ctx.arg(2, "size")
    else:
        low, high = 0, ctx.const(0, "high")
        size = ctx.arg(1, "size")
    dims = list(size.items) if isinstance(size, Seq) and not getattr(size, "repeat", False) else None
    return random_integers(low, high, dims, ctx.node)


@on_call("torch.nn.functional.one_hot")
def _one_hot(ctx: CallCtx) -> Value:
    n = int_const(ctx.arg(1, "num_classes"))
    labels = as_tensor(ctx.arg(0, "tensor"))
    if n is None and labels.data is not None:
        n = labels.data.n_classes
    return data_tensor(encoding="one_hot", n_classes=n, classes_node=ctx.arg_node(1, "num_classes"),
                       value_range="0..1")


@on_call("torch.argmax")
def _argmax(ctx: CallCtx) -> Value:
    x = as_tensor(ctx.arg(0, "input"))
    if x.data is not None and x.data.encoding == "one_hot":
        return data_tensor(encoding="integer", n_classes=x.data.n_classes)
    return Tensor()


@on_call("torch.cat", "torch.stack", "torch.concat")
def _cat(ctx: CallCtx) -> Value:
    """Outputs of one activation joined (`out = torch.cat((out, F.softmax(h(x), 1).unsqueeze(-1)), -1)`
    over the heads, from `torch.tensor([])`): still that activation's outputs, of a width and rank
    we do not know. Anything else joined, or different activations: unknown."""
    parts = ctx.arg(0, "tensors")
    if not isinstance(parts, Seq):
        return UNKNOWN
    outputs = [p for p in parts.items if not (isinstance(p, Tensor) and p.data is not None and p.data.empty)]
    if not outputs or not all(isinstance(p, Tensor) and p.head is not None and p.data is None for p in outputs):
        return UNKNOWN
    first = outputs[0].head
    assert first is not None
    if any(p.head.activation != first.activation or p.head.act_node is not first.act_node  # type: ignore[union-attr]
           for p in outputs[1:]) or first.activation in ("other", "unknown"):
        return UNKNOWN
    head = replace(first, units=None, rank=None, reshaped=True)
    return Tensor(head=head, training=all(p.training for p in outputs), model=outputs[0].model)
