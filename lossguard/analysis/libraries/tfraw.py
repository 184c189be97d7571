"""Raw TensorFlow ops: activations and the *_cross_entropy_with_logits losses."""

from __future__ import annotations

from lossguard.analysis.libraries.common import apply_activation, record_loss_call, training
from lossguard.analysis.registry import CALLS, CallCtx
from lossguard.analysis.values import LossFn, Tensor, Value

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
    "tensorflow.losses.softmax_cross_entropy": ("categorical", "one_hot"),
    "tensorflow.losses.sigmoid_cross_entropy": ("binary", "binary"),
}


def _tf_loss(ctx: CallCtx) -> Value:
    family, target = _TF_LOSSES[ctx.qualname]
    loss = LossFn(name=ctx.qualname.replace("tensorflow.", "tf."), family=family, expects="logits",
                  framework="tf", node=ctx.node, target_format=target, callable_kind="function")
    if ctx.qualname.startswith("tensorflow.losses."):
        pred, labels = ctx.arg(1, "logits"), ctx.arg(0, "onehot_labels" if family == "categorical" else "multi_class_labels")
    else:
        pred, labels = ctx.arg(1, "logits"), ctx.arg(0, "labels")
    record_loss_call(ctx.interp, loss, pred, labels, ctx.node)
    return Tensor(training=training(ctx.interp))


for _q in _TF_LOSSES:
    CALLS[_q] = _tf_loss
