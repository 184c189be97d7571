"""Raw TensorFlow: activations, the *_cross_entropy_with_logits losses, TF1 `tf.losses` and the TF1
layer functions (`tf.layers.dense`, `tf.contrib.layers` / slim `fully_connected`)."""

from __future__ import annotations

import weakref
from typing import Optional

from lossguard.analysis.imports import TF1_LOSS_NAMES
from lossguard.analysis.libraries.common import apply_activation, apply_layer, int_const, record_loss_call, training
from lossguard.analysis.libraries.keras import activation_of
from lossguard.analysis.registry import CALLS, CallCtx, on_call
from lossguard.analysis.values import UNKNOWN, Layer, LossFn, Seq, Tensor, Value

_TF_ACT = {
    "tensorflow.nn.softmax": "softmax", "tensorflow.math.softmax": "softmax",
    "tensorflow.nn.log_softmax": "log_softmax", "tensorflow.math.log_softmax": "log_softmax",
    "tensorflow.nn.sigmoid": "sigmoid", "tensorflow.sigmoid": "sigmoid", "tensorflow.math.sigmoid": "sigmoid",
    "tensorflow.nn.relu": "relu", "tensorflow.nn.leaky_relu": "relu", "tensorflow.nn.elu": "elu",
    "tensorflow.nn.tanh": "tanh", "tensorflow.tanh": "tanh", "tensorflow.math.tanh": "tanh",
    "tensorflow.math.log": "log", "tensorflow.log": "log", "tensorflow.exp": "exp", "tensorflow.math.exp": "exp",
    "tensorflow.nn.gelu": "relu", "tensorflow.nn.silu": "relu", "tensorflow.nn.swish": "relu",
}


def _tf_act(kind: str):
    def handler(ctx: CallCtx) -> Value:
        dim = None
        given = False
        if kind in ("softmax", "log_softmax"):
            value = ctx.const(1, "axis")
            given = ctx.has(1, "axis") and value is not None
            dim = value if isinstance(value, int) else (-1 if not given else None)
        return apply_activation(ctx.interp, ctx.arg(0, "logits") if ctx.has(None, "logits") else ctx.arg(0, "x"),
                                kind, ctx.node, "tf", dim=dim, dim_given=given, wraps=ctx.arg_node(0, "x"))
    return handler


for _q, _kind in _TF_ACT.items():
    CALLS[_q] = _tf_act(_kind)

_TF_LOSSES = {
    "tensorflow.nn.softmax_cross_entropy_with_logits": ("categorical", "index_or_prob"),
    "tensorflow.nn.softmax_cross_entropy_with_logits_v2": ("categorical", "index_or_prob"),
    "tensorflow.nn.sparse_softmax_cross_entropy_with_logits": ("sparse_categorical", "integer"),
    "tensorflow.nn.sigmoid_cross_entropy_with_logits": ("binary", "binary"),
    "tensorflow.nn.weighted_cross_entropy_with_logits": ("binary", "binary"),
}


def _tf_loss(ctx: CallCtx) -> Value:
    family, target = _TF_LOSSES[ctx.qualname]
    loss = LossFn(name=ctx.qualname.replace("tensorflow.", "tf."), family=family, expects="logits",
                  framework="tf", node=ctx.node, target_format=target, callable_kind="function")
    pred, labels = ctx.arg(1, "logits"), ctx.arg(0, "labels")
    if not ctx.has(None, "logits") and not ctx.has(None, "labels") and _model_output(labels) and not _model_output(pred):
        pred, labels = labels, pred  # TF 0.x took (logits, labels) positionally; TF 2 takes (labels, logits)
    return record_loss_call(ctx.interp, loss, pred, labels, ctx.node)


def _model_output(value: Value) -> bool:
    return isinstance(value, Tensor) and value.head is not None


for _q in _TF_LOSSES:
    CALLS[_q] = _tf_loss

# tf.losses / tf.compat.v1.losses (TF1): name → (family, expects, target format, (labels, prediction) parameter
# names in signature order). tf.contrib.losses (and slim.losses) took the prediction first.
_TF1_LOSSES = {
    "softmax_cross_entropy": ("categorical", "logits", "one_hot", ("onehot_labels", "logits")),
    "sparse_softmax_cross_entropy": ("sparse_categorical", "logits", "integer", ("labels", "logits")),
    "sigmoid_cross_entropy": ("binary", "logits", "binary", ("multi_class_labels", "logits")),
    "log_loss": ("binary", "probabilities", "binary", ("labels", "predictions")),
    "mean_squared_error": ("regression", "values", "values", ("labels", "predictions")),
    "absolute_difference": ("regression", "values", "values", ("labels", "predictions")),
    "huber_loss": ("regression", "values", "values", ("labels", "predictions")),
    "mean_pairwise_squared_error": ("regression", "values", "values", ("labels", "predictions")),
    "hinge_loss": ("other", "unknown", "any", ("labels", "logits")),
    "cosine_distance": ("other", "unknown", "any", ("labels", "predictions")),
}
assert set(_TF1_LOSSES) <= TF1_LOSS_NAMES  # the names canonical() keeps under tensorflow.losses


def _tf1_loss(prefix: str, name: str):
    family, expects, target, (labels_name, pred_name) = _TF1_LOSSES[name]
    pred_first = prefix == "tensorflow.contrib.losses."

    def handler(ctx: CallCtx) -> Value:
        loss = LossFn(name=("tf.contrib.losses." if pred_first else "tf.losses.") + name, family=family,
                      expects=expects, framework="tf", node=ctx.node, target_format=target, callable_kind="function")
        pred = ctx.arg(0 if pred_first else 1, pred_name)
        labels = ctx.arg(1 if pred_first else 0, labels_name)
        return record_loss_call(ctx.interp, loss, pred, labels, ctx.node)
    return handler


for _prefix in ("tensorflow.losses.", "tensorflow.contrib.losses."):
    for _name in _TF1_LOSSES:
        CALLS[_prefix + _name] = _tf1_loss(_prefix, _name)

# ------------------------------------------------------------------------------------ TF1 layer functions
# tf.layers.dense(inputs, units, activation=None), tf.contrib.layers / slim fully_connected(inputs,
# num_outputs, activation_fn=tf.nn.relu): a layer applied to its first argument at once.
_arg_scopes: "weakref.WeakKeyDictionary[object, bool]" = weakref.WeakKeyDictionary()


@on_call("tensorflow.contrib.layers.arg_scope", "tensorflow.contrib.framework.arg_scope")
def _arg_scope(ctx: CallCtx) -> Value:
    """slim.arg_scope([...], activation_fn=...): defaults of the layers built inside change."""
    scoped = ctx.args[0] if ctx.args else None
    if ctx.star_args or "activation_fn" in ctx.kwargs or "activation" in ctx.kwargs or not isinstance(scoped, Seq):
        _arg_scopes[ctx.interp] = True  # (a saved scope, arg_scope(sc), may set anything)
    return UNKNOWN


def _activation(ctx: CallCtx, name: str, index: Optional[int], default: str) -> tuple[str, object]:
    """The activation a TF1 layer function applies: given, or its default (unknown inside an arg_scope)."""
    if ctx.has(index, name):
        return activation_of(ctx.arg(index, name)) or "unknown", ctx.arg_node(index, name)
    if ctx.star_args or _arg_scopes.get(ctx.interp):
        return "unknown", None
    return default, None


def _tf1_layer(kind: str, units_at: tuple[int, str], act_at: tuple[Optional[int], str], default: str):
    def handler(ctx: CallCtx) -> Value:
        activation, act_node = _activation(ctx, act_at[1], act_at[0], default)
        layer = Layer(framework="tf", kind=kind, qualname=ctx.qualname, node=ctx.node,
                      units=int_const(ctx.arg(*units_at)), activation=activation, act_node=act_node)  # type: ignore[arg-type]
        return apply_layer(ctx.interp, layer, ctx.arg(0, "inputs"), None)
    return handler


for _name in ("dense",):
    CALLS["tensorflow.layers." + _name] = _tf1_layer("dense", (1, "units"), (2, "activation"), "linear")
for _name in ("conv1d", "conv2d", "conv3d", "conv2d_transpose", "conv3d_transpose", "separable_conv1d",
              "separable_conv2d"):
    CALLS["tensorflow.layers." + _name] = _tf1_layer("conv", (1, "filters"), (None, "activation"), "linear")
for _name in ("fully_connected",):
    CALLS["tensorflow.contrib.layers." + _name] = _tf1_layer("dense", (1, "num_outputs"), (2, "activation_fn"), "relu")
CALLS["tensorflow.contrib.layers.linear"] = _tf1_layer("dense", (1, "num_outputs"), (2, "activation_fn"), "linear")
for _name in ("conv2d", "convolution2d", "conv1d", "convolution1d", "conv3d", "convolution3d", "convolution",
              "conv2d_transpose", "convolution2d_transpose", "separable_conv2d"):
    CALLS["tensorflow.contrib.layers." + _name] = _tf1_layer("conv", (1, "num_outputs"), (None, "activation_fn"), "relu")


def _tf1_simple(kind: str, out_rank: Optional[int] = None):
    def handler(ctx: CallCtx) -> Value:
        layer = Layer(framework="tf", kind=kind, qualname=ctx.qualname, node=ctx.node, out_rank=out_rank)
        return apply_layer(ctx.interp, layer, ctx.arg(0, "inputs"), None)
    return handler


for _prefix in ("tensorflow.layers.", "tensorflow.contrib.layers."):
    CALLS[_prefix + "dropout"] = _tf1_simple("transparent")
    CALLS[_prefix + "flatten"] = _tf1_simple("reshape", out_rank=2)
    for _name in ("batch_normalization", "batch_norm", "layer_norm", "instance_norm", "group_norm"):
        CALLS[_prefix + _name] = _tf1_simple("scale")
    for _name in ("max_pooling1d", "max_pooling2d", "max_pooling3d", "average_pooling1d", "average_pooling2d",
                  "average_pooling3d", "max_pool2d", "avg_pool2d", "max_pool3d", "avg_pool3d"):
        CALLS[_prefix + _name] = _tf1_simple("pool")


@on_call("tensorflow.contrib.layers.softmax")
def _contrib_softmax(ctx: CallCtx) -> Value:
    return apply_activation(ctx.interp, ctx.arg(0, "logits"), "softmax", ctx.node, "tf", dim=-1, dim_given=False,
                            wraps=ctx.arg_node(0, "logits"))
