"""Keras semantics (tf.keras, standalone Keras 2, Keras 3): layers, models, losses, compile/fit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from lossguard.analysis.libraries.common import (
    ACTIVATIONS, apply_activation, apply_layer, apply_model, int_const, positive_number, record_activation,
    record_loss_call, training,
)
from lossguard.analysis.events import LossEvent, SetupEvent
from lossguard.analysis.registry import CALLS, CallCtx, Machine, on_call, on_finish, on_method
from lossguard.analysis.values import (
    UNKNOWN, Const, DataSource, DictVal, Function, FunctionalModel, Head, Instance, Layer,
    LossFn, PretrainedModel, Ref, Seq, SequentialModel, SubmoduleRef, Tensor, Value,
)
from lossguard.analysis.imports import canonical

# ------------------------------------------------------------------------------------ losses
# name → (family, target format)
_BINARY = ("binary", "binary")
_CATEGORICAL = ("categorical", "one_hot")
_SPARSE = ("sparse_categorical", "integer")
_REGRESSION = ("regression", "values")
_OTHER = ("other", "any")
KERAS_LOSSES: dict[str, tuple[str, str]] = {}
for _names, _spec in (
    (("binary_crossentropy", "bce", "BinaryCrossentropy", "binary_focal_crossentropy",
      "BinaryFocalCrossentropy"), _BINARY),
    (("categorical_crossentropy", "cce", "CategoricalCrossentropy", "categorical_focal_crossentropy",
      "CategoricalFocalCrossentropy"), _CATEGORICAL),
    (("sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"), _SPARSE),
    (("mse", "MSE", "mean_squared_error", "MeanSquaredError", "mae", "MAE", "mean_absolute_error",
      "MeanAbsoluteError", "mape", "MAPE", "mean_absolute_percentage_error", "MeanAbsolutePercentageError",
      "msle", "MSLE", "mean_squared_logarithmic_error", "MeanSquaredLogarithmicError", "huber",
      "huber_loss", "Huber", "logcosh", "log_cosh", "LogCosh"), _REGRESSION),
    (("kld", "KLD", "kl_divergence", "kullback_leibler_divergence", "KLDivergence", "poisson", "Poisson",
      "hinge", "Hinge", "squared_hinge", "SquaredHinge", "categorical_hinge", "CategoricalHinge",
      "cosine_similarity", "CosineSimilarity", "ctc", "CTC", "dice", "Dice", "tversky", "Tversky"), _OTHER),
):
    for _name in _names:
        KERAS_LOSSES[_name] = _spec

PROBABILISTIC = ("binary", "categorical", "sparse_categorical")


def make_keras_loss(name: str, node: Optional[cst.CSTNode], from_logits: object = False,
                    from_logits_node: Optional[cst.CSTNode] = None, kind: str = "object") -> LossFn:
    family, target = KERAS_LOSSES[name]
    if family in PROBABILISTIC:
        if from_logits is True:
            expects = "logits"
        elif from_logits is False or from_logits is None:
            expects = "probabilities"
        else:
            expects = "unknown"
    elif family == "regression":
        expects = "values"
    else:
        expects = "unknown"
    return LossFn(name=name, family=family, expects=expects, framework="keras", node=node,
                  target_format=target, arg_order="true_pred", from_logits_node=from_logits_node,
                  callable_kind=kind)


def keras_loss_from_value(value: Value, node: Optional[cst.CSTNode]) -> Value:
    """What `loss=` of compile() means: a string, a class, a function, an instance, a variable, or a
    one-entry dict / list for a single-output model (several entries: multi-output, not followed)."""
    if isinstance(value, (DictVal, Seq)):
        items = list(value.items.values()) if isinstance(value, DictVal) else value.items
        if len(items) != 1:
            return UNKNOWN
        inner_node = node
        if isinstance(node, cst.Dict) and len(node.elements) == 1 and isinstance(node.elements[0], cst.DictElement):
            inner_node = node.elements[0].value
        elif isinstance(node, (cst.List, cst.Tuple)) and len(node.elements) == 1:
            inner_node = node.elements[0].value
        return keras_loss_from_value(items[0], inner_node)
    if isinstance(value, LossFn) or isinstance(value, Function):
        return value
    if isinstance(value, Const) and isinstance(value.value, str) and value.value in KERAS_LOSSES:
        return make_keras_loss(value.value, node, kind="string")
    if isinstance(value, Ref):
        q = canonical(value.qualname)
        if q.startswith("keras.losses.") and q.split(".")[-1] in KERAS_LOSSES:
            short = q.split(".")[-1]
            return make_keras_loss(short, node, kind="class" if short[:1].isupper() else "function")
    return UNKNOWN


_FROM_LOGITS_FIRST = {"BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy"}


def _loss_class_handler(ctx: CallCtx) -> Value:
    short = ctx.qualname.split(".")[-1]
    index = 0 if short in _FROM_LOGITS_FIRST else None  # BinaryCrossentropy(True) means from_logits=True
    from_logits = ctx.const(index, "from_logits", default=False)
    return make_keras_loss(short, ctx.node, from_logits, ctx.arg_node(index, "from_logits"))


def _loss_function_handler(ctx: CallCtx) -> Value:
    """`keras.losses.binary_crossentropy(y_true, y_pred, from_logits=...)` called directly."""
    short = ctx.qualname.split(".")[-1]
    from_logits = ctx.const(2, "from_logits", default=False)
    loss = make_keras_loss(short, ctx.node, from_logits, ctx.arg_node(2, "from_logits"), kind="function")
    return record_loss_call(ctx.interp, loss, ctx.arg(1, "y_pred"), ctx.arg(0, "y_true"), ctx.node)


for _name in KERAS_LOSSES:
    CALLS["keras.losses." + _name] = _loss_class_handler if _name[:1].isupper() else _loss_function_handler


@on_method(LossFn, "__call__")
def _call_loss(loss: LossFn, name: str, ctx: CallCtx) -> Value:
    if loss.arg_order == "true_pred":
        pred, target = ctx.arg(1, "y_pred"), ctx.arg(0, "y_true")
    else:
        pred, target = ctx.arg(0, "input"), ctx.arg(1, "target")
    return record_loss_call(ctx.interp, loss, pred, target, ctx.node)


@on_method(LossFn, "*")
def _loss_other(loss: LossFn, name: str, ctx: CallCtx) -> Value:
    if name == "forward" and loss.framework == "torch" or name == "call" and loss.framework == "keras":
        return _call_loss(loss, name, ctx)  # criterion.forward(out, y): the call spelled out
    return loss if name in ("to", "cuda", "cpu") else UNKNOWN


# ------------------------------------------------------------------------------------ activations
def activation_of(value: Value) -> Optional[str]:
    """The kind named by an `activation=` argument; None when it cannot be known."""
    if isinstance(value, Const):
        if value.value is None:
            return "linear"
        if isinstance(value.value, str):
            return ACTIVATIONS.get(value.value.lower(), "other")
        return None
    if isinstance(value, Ref):
        short = canonical(value.qualname).split(".")[-1]
        if short in ACTIVATIONS:
            return ACTIVATIONS[short]
        return None
    if isinstance(value, Layer) and value.kind == "activation":
        return value.activation
    return None


_KERAS_ACT_FUNCS = {
    "softmax": "softmax", "sigmoid": "sigmoid", "log_softmax": "log_softmax", "relu": "relu",
    "tanh": "tanh", "linear": "linear", "elu": "elu", "selu": "elu", "softplus": "relu",
    "hard_sigmoid": "sigmoid", "gelu": "relu", "swish": "relu", "silu": "relu", "leaky_relu": "relu",
}


def _act_func_handler(kind: str):
    def handler(ctx: CallCtx) -> Value:
        x = ctx.arg(0, "x")
        if kind == "linear":
            return x
        axis = ctx.const(1, "axis") if kind in ("softmax", "log_softmax") else None
        given = kind in ("softmax", "log_softmax") and ctx.has(1, "axis")
        return apply_activation(ctx.interp, x, kind, ctx.node, "keras",
                                dim=axis if isinstance(axis, int) else (-1 if not given else None),
                                dim_given=given, wraps=ctx.arg_node(0, "x"))
    return handler


for _fn, _kind in _KERAS_ACT_FUNCS.items():
    CALLS["keras.activations." + _fn] = _act_func_handler(_kind)
    CALLS["keras.ops." + _fn] = _act_func_handler(_kind)
    CALLS["keras.backend." + _fn] = _act_func_handler(_kind)

# ------------------------------------------------------------------------------------ layers
_TRANSPARENT = {"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
                "GaussianDropout", "AlphaDropout", "ActivityRegularization", "InputLayer", "Masking",
                "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast",
                "RandomCrop", "RandomBrightness", "Resizing", "CenterCrop", "Identity"}
_RESHAPE = {"Flatten", "Reshape", "Permute", "RepeatVector", "Cropping1D", "Cropping2D", "Cropping3D",
            "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "UpSampling1D", "UpSampling2D",
            "UpSampling3D"}
_SCALE = {"Rescaling", "Normalization", "BatchNormalization", "LayerNormalization", "GroupNormalization",
          "UnitNormalization", "Lambda"}
_POOL = {"MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
         "AveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
         "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D", "MaxPool2D",
         "AvgPool2D", "GlobalAvgPool2D", "GlobalMaxPool2D", "MaxPool1D", "GlobalAvgPool1D"}
_CONV = {"Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
         "SeparableConv1D", "SeparableConv2D", "Convolution1D", "Convolution2D", "Convolution3D"}
_RNN = {"LSTM", "GRU", "SimpleRNN", "ConvLSTM2D"}
_ACT_LAYERS = {"ReLU": "relu", "LeakyReLU": "relu", "ELU": "elu", "PReLU": "relu", "ThresholdedReLU": "relu"}


def _layer(ctx: CallCtx, kind: str, **fields: object) -> Layer:
    layer = Layer(framework="keras", kind=kind, qualname=ctx.qualname, node=ctx.node, **fields)  # type: ignore[arg-type]
    name = ctx.kwargs.get("name")
    if isinstance(name, Const) and isinstance(name.value, str):
        layer.attrs["name"] = name  # what multi-output losses and targets are keyed by
    return layer


def _announce(ctx: CallCtx, layer: Layer) -> Layer:
    """A softmax written into a layer is a fact even if the layer is never applied (LG102)."""
    if layer.activation == "softmax":
        apply_layer(ctx.interp, layer, Tensor(), None)
    return layer


@on_call("keras.layers.Dense")
def _dense(ctx: CallCtx) -> Value:
    units = int_const(ctx.arg(0, "units"))
    act_value = ctx.arg(1, "activation", default=Const(None))
    return _announce(ctx, _layer(ctx, "dense", units=units, activation=activation_of(act_value) or "unknown",
                                 act_node=ctx.arg_node(1, "activation")))


@on_call(*("keras.layers." + n for n in _CONV))
def _conv(ctx: CallCtx) -> Value:
    filters = int_const(ctx.arg(0, "filters"))
    act_value = ctx.arg(None, "activation", default=Const(None))
    return _announce(ctx, _layer(ctx, "conv", units=filters, activation=activation_of(act_value) or "unknown",
                                 act_node=ctx.arg_node(None, "activation")))


@on_call("keras.layers.DepthwiseConv2D", "keras.layers.DepthwiseConv1D")
def _depthwise(ctx: CallCtx) -> Value:
    act_value = ctx.arg(None, "activation", default=Const(None))
    return _layer(ctx, "conv", units=None, activation=activation_of(act_value) or "unknown",
                  act_node=ctx.arg_node(None, "activation"))


@on_call(*("keras.layers." + n for n in _RNN))
def _rnn(ctx: CallCtx) -> Value:
    units = int_const(ctx.arg(0, "units"))
    act_value = ctx.arg(1, "activation", default=Const("tanh"))
    return _layer(ctx, "rnn", units=units, activation=activation_of(act_value) or "unknown",
                  act_node=ctx.arg_node(1, "activation"))


@on_call("keras.layers.Activation")
def _activation_layer(ctx: CallCtx) -> Value:
    kind = activation_of(ctx.arg(0, "activation")) or "unknown"
    return _layer(ctx, "activation", activation=kind, act_node=ctx.arg_node(0, "activation"),
                  dim=-1, dim_given=False)


@on_call("keras.layers.Softmax")
def _softmax_layer(ctx: CallCtx) -> Value:
    axis = ctx.const(0, "axis", default=-1)
    return _layer(ctx, "activation", activation="softmax", dim=axis if isinstance(axis, int) else None,
                  dim_given=ctx.has(0, "axis"))


@on_call(*("keras.layers." + n for n in _ACT_LAYERS))
def _act_layers(ctx: CallCtx) -> Value:
    return _layer(ctx, "activation", activation=_ACT_LAYERS[ctx.qualname.split(".")[-1]])


@on_call(*("keras.layers." + n for n in _TRANSPARENT))
def _transparent(ctx: CallCtx) -> Value:
    return _layer(ctx, "transparent")


@on_call(*("keras.layers." + n for n in _RESHAPE))
def _reshape(ctx: CallCtx) -> Value:
    return _layer(ctx, "reshape", out_rank=2 if ctx.qualname.endswith(".Flatten") else None)


@on_call(*("keras.layers." + n for n in _SCALE))
def _scale(ctx: CallCtx) -> Value:
    return _layer(ctx, "scale")


@on_call(*("keras.layers." + n for n in _POOL))
def _pool(ctx: CallCtx) -> Value:
    global_pool = ctx.qualname.split(".")[-1].startswith("Global")
    return _layer(ctx, "pool", out_rank=2 if global_pool and not ctx.kwargs.get("keepdims") else None)


@on_call("keras.layers.Embedding")
def _embedding(ctx: CallCtx) -> Value:
    return _layer(ctx, "embedding", units=int_const(ctx.arg(1, "output_dim")))


@on_call("keras.layers.TimeDistributed")
def _time_distributed(ctx: CallCtx) -> Value:
    inner = ctx.arg(0, "layer")
    return _layer(ctx, "time_distributed" if isinstance(inner, Layer) else "unknown", inner=inner)


@on_call("keras.layers.*", "keras.layers.Bidirectional")
def _unknown_layer(ctx: CallCtx) -> Value:
    return _layer(ctx, "unknown")


@on_call("keras.layers.Input", "keras.Input", "keras.layers.Input")
def _input(ctx: CallCtx) -> Value:
    return Tensor(unscaled_input=True, input_of=ctx.node, training=training(ctx.interp))


def _merged(x: Seq, framework: str, node: Optional[cst.CSTNode]) -> Tensor:
    """A merge (Add, Concatenate...): raw input that entered a layer upstream still did."""
    raw = next((item.raw_path for item in x.items if isinstance(item, Tensor) and item.raw_path is not None), None)
    return Tensor(head=Head("unknown", None, framework, layer_node=node), raw_path=raw)


@on_call(*(f"keras.layers.{name}" for name in ("concatenate", "add", "subtract", "multiply", "average", "maximum",
                                               "minimum", "dot")))
def _merge_function(ctx: CallCtx) -> Value:
    """keras.layers.concatenate([a, b]): the functional form of the merge layers."""
    x = ctx.arg(0, "inputs")
    return _merged(x, "keras", ctx.node) if isinstance(x, Seq) else Tensor()


@on_method(Layer, "__call__")
def _call_layer(layer: Layer, name: str, ctx: CallCtx) -> Value:
    x = ctx.arg(0, "inputs")
    if layer.kind == "unknown" and isinstance(x, Seq):
        return _merged(x, layer.framework, layer.node)
    return apply_layer(ctx.interp, layer, x, ctx.node, ctx.arg_node(0, "inputs") or ctx.arg_node(0, "input"))


@on_method(Layer, "*")
def _layer_other(layer: Layer, name: str, ctx: CallCtx) -> Value:
    if name in ("to", "cuda", "cpu", "train", "eval", "float", "double"):
        return layer
    if name == "forward" and layer.framework == "torch" or name == "call" and layer.framework == "keras":
        return _call_layer(layer, "__call__", ctx)
    if name == "adapt":
        return Const(None)
    return UNKNOWN


# ------------------------------------------------------------------------------------ models
@on_call("keras.models.Sequential")
def _sequential(ctx: CallCtx) -> Value:
    layers = ctx.arg(0, "layers")
    items = list(layers.items) if isinstance(layers, Seq) else []
    if ctx.has(0, "layers") and not isinstance(layers, Seq) and not (isinstance(layers, Const) and layers.value is None):
        items = [UNKNOWN]
    model = SequentialModel(framework="keras", layers=items, node=ctx.node)
    apply_model(ctx.interp, model, Tensor(), None)  # records the softmaxes it contains (LG102)
    return model


@on_call("keras.models.Model")
def _functional(ctx: CallCtx) -> Value:
    outputs = ctx.arg(1, "outputs")
    if not ctx.has(1, "outputs"):
        outputs = ctx.arg(None, "output")
    inputs = ctx.arg(0, "inputs")
    given = inputs.items if isinstance(inputs, Seq) else [inputs]
    nodes = tuple(t.input_of for t in given if isinstance(t, Tensor) and t.input_of is not None)
    return FunctionalModel(output=_single_output(outputs), node=ctx.node,
                           input_nodes=nodes if len(nodes) == len(given) else ())


def _single_output(outputs: Value) -> Value:
    """Model(inputs, outputs=[out]) / outputs={"y": out}: one output in a one-entry list or dict."""
    if isinstance(outputs, Seq) and len(outputs.items) == 1 and not getattr(outputs, "repeat", False):
        return outputs.items[0]
    if isinstance(outputs, DictVal) and len(outputs.items) == 1 and not getattr(outputs, "default", None):
        return next(iter(outputs.items.values()))
    return outputs


@on_call("keras.models.load_model", "keras.saving.load_model")
def _load_model(ctx: CallCtx) -> Value:
    return UNKNOWN


@on_call("keras.applications.*")
def _application(ctx: CallCtx) -> Value:
    include_top = ctx.const(None, "include_top", default=True)
    head = None
    if include_top is True:
        act = ctx.const(None, "classifier_activation", default="softmax")
        classes = ctx.const(None, "classes", default=1000)
        if isinstance(act, str) or act is None:
            head = Head(ACTIVATIONS.get(act or "linear", "other"), classes if isinstance(classes, int) else None,
                        "keras", act_node=ctx.node, layer_node=ctx.node, dim=-1, layer_kind="dense",
                        act_value_node=ctx.arg_node(None, "classifier_activation"), rank=2)
            record_activation(ctx.interp, head)  # EfficientNetB0(classes=1) keeps a softmax over one unit (LG102)
    return PretrainedModel(framework="keras", qualname=ctx.qualname, node=ctx.node, head=head)


# ------------------------------------------------------------------------------------ optimizers
# class or string name (lower case) → family; the probe mirrors the family and a literal learning rate
KERAS_OPTIMIZERS = {"sgd": "sgd", "adam": "adam", "adamw": "adamw", "rmsprop": "rmsprop", "adagrad": "adagrad",
                    "adadelta": "adadelta", "adamax": "adamax", "nadam": "nadam", "ftrl": "other",
                    "lion": "other", "adafactor": "other", "lamb": "other", "loss_scale_optimizer": "other"}


def _optimizer_class(ctx: CallCtx) -> Value:
    """keras.optimizers.SGD(0.1, momentum=0.9), Adam(learning_rate=1e-3), Keras 2's lr=: recorded, no value."""
    family = KERAS_OPTIMIZERS.get(ctx.qualname.split(".")[-1].lower(), "other")
    lr = ctx.arg(0, "learning_rate") if ctx.has(0, "learning_rate") else ctx.arg(None, "lr")
    momentum = positive_number(ctx.arg(None, "momentum")) if family in ("sgd", "rmsprop") else None
    ctx.interp.events.setup.append(SetupEvent("keras", ctx.node, family, positive_number(lr), momentum))
    return UNKNOWN


for _name in ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "Ftrl", "Lion",
              "Adafactor", "Lamb"):
    CALLS["keras.optimizers." + _name] = _optimizer_class


def _compile_setup(ctx: CallCtx) -> tuple[SetupEvent, ...]:
    """compile(optimizer="sgd") or compile(optimizer=keras.optimizers.SGD(0.1)) (a variable: see training_setup)."""
    value, node = ctx.arg(0, "optimizer"), ctx.arg_node(0, "optimizer")
    if isinstance(value, Const) and isinstance(value.value, str) and value.value.lower() in KERAS_OPTIMIZERS:
        return (SetupEvent("keras", node, KERAS_OPTIMIZERS[value.value.lower()]),)
    if isinstance(node, cst.Call):
        return tuple(s for s in ctx.interp.events.setup if s.node is node)[-1:]
    return ()


@dataclass
class CompileState:
    loss: Value
    loss_node: Optional[cst.CSTNode]
    node: cst.CSTNode
    metrics: tuple[tuple[str, cst.CSTNode], ...] = ()
    setup: tuple[SetupEvent, ...] = ()
    consumed: bool = False
    pred: Value = UNKNOWN
    events: list[LossEvent] = field(default_factory=list)
    # a model with several outputs: (position, name, loss, loss node) of each output that has a loss
    per_output: Optional[list[tuple[int, Optional[str], Value, Optional[cst.CSTNode]]]] = None


def _metrics(ctx: CallCtx) -> tuple[tuple[str, cst.CSTNode], ...]:
    value = ctx.arg(None, "metrics")
    node = ctx.arg_node(None, "metrics")
    out: list[tuple[str, cst.CSTNode]] = []
    if isinstance(value, Seq) and isinstance(node, (cst.List, cst.Tuple)):
        for item, element in zip(value.items, node.elements):
            if isinstance(item, Const) and isinstance(item.value, str):
                out.append((item.value, element.value))
    return tuple(out)


def keras_compile(model: Value, ctx: CallCtx) -> Value:
    interp = ctx.interp
    loss_node = ctx.arg_node(1, "loss")
    loss = keras_loss_from_value(ctx.arg(1, "loss"), loss_node)
    state = CompileState(loss=loss, loss_node=loss_node, node=ctx.node, metrics=_metrics(ctx),
                         setup=_compile_setup(ctx))
    state.pred = apply_model(interp, model, _symbolic_input(interp), None)
    if isinstance(state.pred, (Seq, DictVal)):
        state.per_output = _losses_per_output(ctx.arg(1, "loss"), loss_node, state.pred)
    if id(model) not in interp.compiles:
        interp.compiled_models.append(model)
    interp.compiles[id(model)] = state
    return Const(None)


def _symbolic_input(interp: Machine) -> Tensor:
    return Tensor(unscaled_input=True, training=training(interp))


def keras_fit(model: Value, ctx: CallCtx) -> Value:
    interp = ctx.interp
    state: Optional[CompileState] = interp.compiles.get(id(model))
    if state is None:
        return UNKNOWN
    x = ctx.arg(0, "x")
    y = ctx.arg(1, "y")
    if not ctx.has(1, "y"):
        if isinstance(x, DataSource):
            element = x.element
            if isinstance(element, Seq) and len(element.items) >= 2:
                x, y = element.items[0], element.items[1]
            else:
                x, y = UNKNOWN, UNKNOWN
        elif ctx.star_args:
            y = UNKNOWN
    x, y = _single(x), _single(y)  # {"features": X} / {"subscribed": y} for a single input / output
    state.consumed = True
    step = model.cls.lookup("train_step") if isinstance(model, Instance) else None
    if isinstance(step, Function):  # fit runs the model's own train_step on each (x, y) batch
        interp.call_function(step, [tuple_value(x, y)], {}, self_value=model)
        if not isinstance(state.loss, (LossFn, Function)):
            return UNKNOWN  # the step computes the loss itself (compile gave none)
    pred = apply_model(interp, model, _symbolic_input(interp), None)
    if not isinstance(pred, Tensor):
        pred = state.pred
    batch_size = int_const(ctx.arg(2, "batch_size"))
    batch = (SetupEvent("keras", ctx.node, batch_size=batch_size),) if batch_size and batch_size > 0 else ()
    _emit(interp, state, pred, y, x, ctx.node, "fit", batch)
    return UNKNOWN


def tuple_value(*items: Value) -> Seq:
    return Seq(list(items), "tuple")


def _single(value: Value) -> Value:
    if isinstance(value, DictVal) and len(value.items) == 1:
        return next(iter(value.items.values()))
    if isinstance(value, Seq) and len(value.items) == 1 and isinstance(value.items[0], Tensor):
        return value.items[0]  # fit(x, [y]) for a single-output model
    return value


def _outputs(pred: Value) -> list[tuple[int, Optional[str], Value]]:
    """(position, name, tensor) of each output of a multi-output model's prediction."""
    if isinstance(pred, Seq):
        return [(i, t.head.name if isinstance(t, Tensor) and t.head else None, t) for i, t in enumerate(pred.items)]
    if isinstance(pred, DictVal):
        return [(i, str(k), t) for i, (k, t) in enumerate(pred.items.items())]
    return []


def _losses_per_output(value: Value, node: Optional[cst.CSTNode], pred: Value
                       ) -> Optional[list[tuple[int, Optional[str], Value, Optional[cst.CSTNode]]]]:
    """compile(loss=...) of a model with several outputs, as Keras pairs them: one loss for every
    output, a list in output order, or a dict by output name (outputs without an entry have no loss)."""
    outputs = _outputs(pred)
    if isinstance(value, Seq):
        nodes = [e.value for e in node.elements] if isinstance(node, (cst.List, cst.Tuple)) else [None] * len(value.items)
        if len(value.items) != len(outputs) or len(nodes) != len(outputs):
            return None
        return [(i, name, keras_loss_from_value(v, n), n) for (i, name, _), v, n in zip(outputs, value.items, nodes)]
    if isinstance(value, DictVal):
        nodes = {}
        if isinstance(node, cst.Dict):
            for element in node.elements:
                if isinstance(element, cst.DictElement) and isinstance(element.key, cst.SimpleString):
                    nodes[element.key.evaluated_value] = element.value
        if any(name is None for _, name, _ in outputs):
            return None  # outputs we cannot name
        return [(i, name, keras_loss_from_value(value.items[name], nodes.get(name)), nodes.get(name))
                for i, name, _ in outputs if name in value.items]
    single = keras_loss_from_value(value, node)
    return [(i, name, single, node) for i, name, _ in outputs]


def _target_of(y: Value, position: int, name: Optional[str], count: int) -> Value:
    if isinstance(y, Seq) and len(y.items) == count:
        return y.items[position]
    if isinstance(y, DictVal) and name is not None:
        return y.items.get(name, UNKNOWN)
    return UNKNOWN


def _emit(interp: Machine, state: CompileState, pred: Value, y: Value, x: Value, node: cst.CSTNode,
          via: str, setup: tuple[SetupEvent, ...] = ()) -> None:
    if state.per_output is not None and isinstance(pred, (Seq, DictVal)):
        outputs = {i: t for i, _, t in _outputs(pred)}
        for position, name, loss, loss_node in state.per_output:
            one = CompileState(loss=loss, loss_node=loss_node, node=state.node, metrics=state.metrics,
                               setup=state.setup)
            _emit(interp, one, outputs.get(position, UNKNOWN), _target_of(y, position, name, len(outputs)), x,
                  node, via, setup)
        return
    loss = state.loss
    if isinstance(loss, Function):
        # a custom loss: run it on (y_true, y_pred) so the library loss inside it sees the real values;
        # Keras trains on what it returns
        for event in getattr(interp.call_function(loss, [y, pred], {}), "loss_of", ()):
            event.trained = True
        return
    if not isinstance(loss, LossFn):
        return
    interp.events.losses.append(LossEvent(loss=loss, pred=pred, target=y, node=node, via=via,
                                          training=True, inputs=x, metrics=state.metrics,
                                          compile_node=state.node, setup=state.setup + setup))


@on_finish
def finish_compiles(interp: Machine) -> None:
    """A compile never followed by fit still declares the training setup (the last compile wins)."""
    for model in interp.compiled_models:
        state = interp.compiles.get(id(model))
        if state is not None and not state.consumed:
            _emit(interp, state, state.pred, UNKNOWN, UNKNOWN, state.node, "compile")


def _model_method(model: Value, name: str, ctx: CallCtx) -> Value:
    interp = ctx.interp
    if name == "compile":
        return keras_compile(model, ctx)
    if name in ("fit", "fit_generator", "train_on_batch"):
        return keras_fit(model, ctx)
    if name in ("add", "append") and isinstance(model, SequentialModel):
        model.layers.append(ctx.arg(0, "layer"))
        return model if name == "append" else Const(None)
    if name == "add_module" and isinstance(model, SequentialModel):
        model.layers.append(ctx.arg(1, "module"))
        return Const(None)
    if name == "extend" and isinstance(model, SequentialModel):
        more = ctx.arg(0)
        model.layers.extend(more.items if isinstance(more, Seq) else [UNKNOWN])
        return model
    if name == "insert" and isinstance(model, SequentialModel):
        index = ctx.const(0, "index")
        model.layers.insert(index, ctx.arg(1, "module")) if isinstance(index, int) else model.layers.append(UNKNOWN)
        return model
    if name == "pop" and isinstance(model, SequentialModel) and model.layers:
        model.layers.pop()
        return Const(None)
    if name == "__call__" or name == "forward" and _framework(model) == "torch" or name == "call" and _framework(model) == "keras":
        return apply_model(interp, model, ctx.arg(0, "inputs"), ctx.node)  # model.forward(x): the call spelled out
    if name in ("to", "cuda", "cpu", "train", "eval", "float", "double", "half", "requires_grad_"):
        return model
    return UNKNOWN


def _framework(model: Value) -> str:
    if isinstance(model, (SequentialModel, PretrainedModel)):
        return model.framework
    if isinstance(model, Instance):
        return "keras" if model.cls.kind == "keras_model" else "torch"
    return "keras"  # FunctionalModel


@on_method(SubmoduleRef, "__attr__")
def _submodule_attr(ref: SubmoduleRef, name: str, ctx: CallCtx) -> Optional[Value]:
    if name in ("append", "add_module", "add", "extend", "insert", "pop", "to", "cuda", "cpu", "train", "eval"):
        return None  # a method: see _submodule_method
    return UNKNOWN  # in_features, out_features... of the original head


@on_method(SubmoduleRef, "*")
def _submodule_method(ref: SubmoduleRef, name: str, ctx: CallCtx) -> Value:
    """`model.classifier.add_module("7", nn.LogSoftmax(1))`: the head grows by one layer."""
    model = ref.model
    current = model.attrs.get(ref.name)
    if name in ("append", "add_module", "add"):
        added = ctx.arg(1, "module") if name == "add_module" else ctx.arg(0)
        base = [current] if current is not None else [Layer(framework=model.framework, kind="dense", qualname="",
                                                           node=model.node, units=model.head.units if model.head else None,
                                                           activation="linear")]
        model.attrs[ref.name] = SequentialModel(framework=model.framework, layers=base + [added], node=ctx.node)
        return Const(None)
    if name in ("extend", "insert", "pop", "__setitem__"):
        model.attrs[ref.name] = Layer(framework=model.framework, kind="unknown", qualname="", node=ctx.node)
        return Const(None)
    if name == "__call__":
        return apply_model(ctx.interp, current, ctx.arg(0), ctx.node) if current is not None else Tensor()
    if name in ("to", "cuda", "cpu", "train", "eval"):
        return ref
    return UNKNOWN


@on_method(SequentialModel, "*")
def _sequential_method(model: SequentialModel, name: str, ctx: CallCtx) -> Value:
    return _model_method(model, name, ctx)


@on_method(FunctionalModel, "*")
def _functional_method(model: FunctionalModel, name: str, ctx: CallCtx) -> Value:
    return _model_method(model, name, ctx)


@on_method(PretrainedModel, "*")
def _pretrained_method(model: PretrainedModel, name: str, ctx: CallCtx) -> Value:
    return _model_method(model, name, ctx)


@on_method(SequentialModel, "__attr__")
@on_method(FunctionalModel, "__attr__")
@on_method(PretrainedModel, "__attr__")
def _model_attr(model: Value, name: str, ctx: CallCtx) -> Optional[Value]:
    if name == "output" or name == "outputs":
        if isinstance(model, FunctionalModel):
            return model.output
        if isinstance(model, PretrainedModel):
            return Tensor(head=model.head) if model.head else Tensor()
        return apply_model(ctx.interp, model, Tensor(unscaled_input=True), None)
    if name in ("input", "inputs"):
        return Tensor(unscaled_input=isinstance(model, (SequentialModel, FunctionalModel)))
    if name == "layers" and isinstance(model, SequentialModel):
        return Seq(list(model.layers))
    if name in ("trainable",):
        return UNKNOWN

    return None


@on_method(Instance, "*")
def _instance_method(inst: Instance, name: str, ctx: CallCtx) -> Value:
    kind = inst.cls.kind
    if kind == "keras_model":
        return _model_method(inst, name, ctx)
    if kind in ("torch_module", "lightning"):
        if name in ("to", "cuda", "cpu", "train", "eval", "float", "double", "half", "requires_grad_", "type"):
            return inst
        return UNKNOWN
    return UNKNOWN
