"""The ecosystem around the frameworks: model zoos (timm, Hugging Face `transformers` task heads) and
the scikit-learn style estimator wrappers that own the training loop (skorch's `NeuralNet*`, Keras /
scikeras `KerasClassifier` / `KerasRegressor`), with the scikit-learn meta-estimators that call their
`fit` (`cross_val_score`, `GridSearchCV`, `Pipeline`), and PyTorch-Ignite's engines, which own the
loop too (`Engine(train_step).run(loader)` calls `train_step(engine, batch)` on the loader's batches;
`create_supervised_trainer(model, optimizer, loss_fn)` computes `loss_fn(model(x), y)` on `(x, y)`).

What a wrapper does is modelled from its documented behaviour: skorch builds the module and the
criterion (classes get their `module__*` / `criterion__*` parameters) and calls
`criterion(module(X), y)`; its `NeuralNetClassifier` takes `log` of the module's output when the
criterion is `NLLLoss` (its default, so the module is expected to end in a softmax). The Keras
wrappers call the build function with the parameters it declares, compile it with `loss=` when it is
not compiled (scikeras), and fit it; classifiers re-encode the labels themselves (one-hot for
categorical cross-entropy), so their labels are left unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from lossguard.analysis.libraries.common import apply_activation, apply_model, data_tensor
from lossguard.analysis.libraries.keras import _pretrained_method, keras_compile, keras_fit
from lossguard.analysis.libraries.torch import make_torch_loss
from lossguard.analysis.registry import CallCtx, Machine, on_call, on_method
from lossguard.analysis.values import (
    UNKNOWN, ClassVal, Const, DataSource, DictVal, Function, Head, LossFn, PretrainedModel, Ref, Seq, Tensor, Value,
)

# ------------------------------------------------------------------------------------ timm
@on_call("timm.create_model", "timm.models.create_model")
def _timm_model(ctx: CallCtx) -> Value:
    """timm.create_model(name, pretrained=..., num_classes=N): a linear classifier head of N units
    (num_classes=0: pooled features, no classifier; absent: the checkpoint's own, not known here)."""
    classes = ctx.const(None, "num_classes", default=None)
    if classes == 0:
        head = Head("other", None, "torch", layer_node=ctx.node, rank=2)
    else:
        head = Head("linear", classes if isinstance(classes, int) else None, "torch", layer_node=ctx.node,
                    layer_kind="dense", rank=2)
    return PretrainedModel(framework="torch", qualname=ctx.qualname, node=ctx.node, head=head)


# ------------------------------------------------------------------------------------ Hugging Face
# task heads (canonical names, see imports.canonical): what their `logits` are
HF_TASKS = {"SequenceClassification": 2, "ImageClassification": 2, "AudioClassification": 2,
            "TokenClassification": 3}


@dataclass(eq=False)
class HFModel(PretrainedModel):
    """A transformers task model: calling it returns a ModelOutput whose `logits` are the head's raw
    scores (the loss it computes itself when given `labels=` is always on those logits)."""

    task: str = ""


@dataclass(eq=False)
class ModelOutput(Value):
    logits: Value
    has_labels: Optional[bool]  # labels= given (outputs[0] is then the loss), None: not known
    attrs: dict[str, Value] = field(default_factory=dict)

    def first(self) -> Value:
        if self.has_labels is False:
            return self.logits
        if self.has_labels is True:
            return Tensor()  # the model's own loss
        return UNKNOWN


def _num_labels(ctx: CallCtx) -> Optional[int]:
    n = ctx.const(None, "num_labels", default=None)
    if isinstance(n, int) and not isinstance(n, bool):
        return n
    id2label = ctx.arg(None, "id2label")
    if isinstance(id2label, DictVal) and id2label.items and not getattr(id2label, "default", None):
        return len(id2label.items)
    return None


def _hf_model(task: str, framework: str):
    def handler(ctx: CallCtx) -> Value:
        rank = HF_TASKS[task]
        n = _num_labels(ctx) if ctx.qualname.endswith((".from_pretrained", ".from_config")) or not ctx.args else None
        head = Head("linear", n, framework, layer_node=ctx.node, layer_kind="dense", rank=rank)
        return HFModel(framework=framework, qualname=ctx.qualname, node=ctx.node, head=head, task=task)
    return handler


for _task in HF_TASKS:
    for _prefix, _framework in (("AutoModelFor", "torch"), ("TFAutoModelFor", "keras")):
        for _suffix in ("", ".from_pretrained", ".from_config"):
            on_call(f"transformers.{_prefix}{_task}{_suffix}")(_hf_model(_task, _framework))


def _hf_call(model: HFModel, ctx: CallCtx) -> Value:
    logits = apply_model(ctx.interp, model, ctx.arg(0, "input_ids"), ctx.node)  # the head (or its replacement)
    has_labels: Optional[bool] = True if "labels" in ctx.kwargs else (None if ctx.star_args else False)
    if model.framework == "torch" and ctx.const(None, "return_dict", default=True) is False:
        if has_labels is None:
            return UNKNOWN
        return Seq([Tensor(), logits] if has_labels else [logits], "tuple")
    return ModelOutput(logits=logits, has_labels=has_labels)


@on_method(HFModel, "*")
def _hf_method(model: HFModel, name: str, ctx: CallCtx) -> Value:
    if name == "__call__" or name in ("forward", "call"):
        return _hf_call(model, ctx)
    return _pretrained_method(model, name, ctx)


@on_method(ModelOutput, "__attr__")
def _output_attr(out: ModelOutput, name: str, ctx: CallCtx) -> Optional[Value]:
    if name == "logits":
        return out.logits
    if name == "loss":
        return Tensor() if out.has_labels is not False else Const(None)
    return UNKNOWN


@on_method(ModelOutput, "__getitem__")
def _output_item(out: ModelOutput, name: str, ctx: CallCtx) -> Value:
    key = ctx.args[2].value if len(ctx.args) > 2 and isinstance(ctx.args[2], Const) else None
    if key == "logits":
        return out.logits
    if key == 0 and not (isinstance(ctx.args[1], Const) and ctx.args[1].value):
        return out.first()
    return UNKNOWN


@on_method(ModelOutput, "__unpack__")
def _output_unpack(out: ModelOutput, name: str, ctx: CallCtx) -> Value:
    count = ctx.args[0].value if isinstance(ctx.args[0], Const) else None
    if out.has_labels is True and count == 2:
        return Seq([Tensor(), out.logits], "tuple")  # loss, logits = model(..., labels=y)
    if out.has_labels is False and count == 1:
        return Seq([out.logits], "tuple")
    return UNKNOWN


@on_method(ModelOutput, "*")
def _output_other(out: ModelOutput, name: str, ctx: CallCtx) -> Value:
    if name == "get":
        return _output_item(out, "__getitem__", CallCtx(ctx.interp, ctx.node, [UNKNOWN, Const(False), ctx.arg(0)], {}))
    return UNKNOWN


# ------------------------------------------------------------------------------------ estimator wrappers
@dataclass(eq=False)
class Estimator(Value):
    """skorch's NeuralNet* / Keras' KerasClassifier: the model, the loss and the training loop in one."""

    kind: str  # skorch | keras
    qualname: str
    node: Optional[cst.CSTNode]
    params: dict[str, Value]
    param_nodes: dict[str, cst.BaseExpression]
    star: bool = False
    attrs: dict[str, Value] = field(default_factory=dict)
    unknown_params: Optional[frozenset[str]] = None  # set by a parameter search; `None` in it: all of them
    fits: int = 0  # fit calls analysed (a subclass overriding fit may never reach the library's)


def _estimator(kind: str, positional: tuple[str, ...]):
    def handler(ctx: CallCtx) -> Value:
        params = dict(ctx.kwargs)
        nodes = dict(ctx.kwarg_nodes)
        for index, name in enumerate(positional):
            if index < len(ctx.args) and name not in params:
                params[name] = ctx.args[index]
                node = ctx.arg_node(index)
                if node is not None:
                    nodes[name] = node
        return Estimator(kind, ctx.qualname, ctx.node, params, nodes, ctx.star_args)
    return handler


_SKORCH = ("skorch.NeuralNet", "skorch.NeuralNetClassifier", "skorch.NeuralNetBinaryClassifier",
           "skorch.NeuralNetRegressor")
for _q in _SKORCH:
    on_call(_q)(_estimator("skorch", ("module", "criterion") if _q == "skorch.NeuralNet" else ("module",)))
_KERAS_WRAPPERS = ("keras.wrappers.scikit_learn.KerasClassifier", "keras.wrappers.scikit_learn.KerasRegressor",
                   "scikeras.KerasClassifier", "scikeras.KerasRegressor")
for _q in _KERAS_WRAPPERS:
    on_call(_q)(_estimator("keras", ("build_fn",) if _q.startswith("keras.") else ("model",)))

_SKORCH_DEFAULT_CRITERION = {"skorch.NeuralNetClassifier": "torch.nn.NLLLoss",
                             "skorch.NeuralNetBinaryClassifier": "torch.nn.BCEWithLogitsLoss",
                             "skorch.NeuralNetRegressor": "torch.nn.MSELoss"}


def _prefixed(params: dict[str, Value], prefix: str) -> dict[str, Value]:
    return {k[len(prefix):]: v for k, v in params.items() if k.startswith(prefix)}


def _build(interp: Machine, value: Value, kwargs: dict[str, Value], node: Optional[cst.CSTNode],
           star: bool) -> Value:
    """A class given to a wrapper is instantiated by it (with its prefixed parameters); an instance is used."""
    if isinstance(value, (ClassVal, Ref)):
        return interp.call(value, CallCtx(interp, node, [], kwargs, star_args=star))  # type: ignore[arg-type]
    return value


def _skorch_fit(est: Estimator, ctx: CallCtx) -> Value:
    interp = ctx.interp
    x, y = ctx.arg(0, "X"), ctx.arg(1, "y", default=Const(None))
    if isinstance(y, Const) and y.value is None:
        if isinstance(x, DataSource) and isinstance(x.element, Seq) and len(x.element.items) >= 2:
            x, y = x.element.items[0], x.element.items[1]  # fit(dataset): (X, y) pairs
        else:
            y = UNKNOWN
    params = est.params
    unknown = est.unknown_params or frozenset()
    module = _build(interp, params.get("module", UNKNOWN), _prefixed(params, "module__"), est.param_nodes.get("module"),
                    est.star or None in unknown or any(k.startswith("module__") for k in unknown if k))
    if module is UNKNOWN or "module" in unknown:
        return Const(None)
    if "criterion" in params:
        if "criterion" in unknown:
            return Const(None)
        criterion = _build(interp, params["criterion"], _prefixed(params, "criterion__"),
                           est.param_nodes.get("criterion"), est.star)
    elif est.star or est.qualname not in _SKORCH_DEFAULT_CRITERION:
        return Const(None)
    else:
        criterion = make_torch_loss(_SKORCH_DEFAULT_CRITERION[est.qualname], est.node, "object")
    pred = apply_model(interp, module, x, ctx.node)
    if est.qualname == "skorch.NeuralNetClassifier" and isinstance(criterion, LossFn) and criterion.family == "nll":
        # skorch: y_pred = log(y_pred) for NLLLoss (the module is to output probabilities); a module ending in
        # log_softmax is then logged twice, which is told at its log_softmax
        head = pred.head if isinstance(pred, Tensor) else None
        where = head.act_node if head is not None and head.activation == "log_softmax" and head.act_node else ctx.node
        pred = apply_activation(interp, pred, "log", where, "torch")
    from lossguard.analysis.libraries.training import mark_trained  # (imported last by the package: it wraps reducers)

    mark_trained(interp.call(criterion, CallCtx(interp, ctx.node, [pred, y], {})))  # fit() trains on it
    return est


def _keras_build(est: Estimator, interp: Machine) -> Value:
    params = est.params
    build = params.get("model", params.get("build_fn", UNKNOWN))
    unknown = est.unknown_params or frozenset()
    if not isinstance(build, Function):
        return build if build is not UNKNOWN and not isinstance(build, (ClassVal, Ref, Const)) else UNKNOWN
    node = build.node
    if not isinstance(node, cst.FunctionDef):
        return UNKNOWN
    kwargs: dict[str, Value] = {}
    names = [p.name.value for p in list(node.params.posonly_params) + list(node.params.params)
             + list(node.params.kwonly_params)]
    for name in names:
        if None in unknown or name in unknown or "model__" + name in unknown or est.star:
            kwargs[name] = UNKNOWN
        elif "model__" + name in params:
            kwargs[name] = params["model__" + name]
        elif name in ("meta", "compile_kwargs", "params"):
            kwargs[name] = UNKNOWN  # what scikeras passes
        elif name in params:
            kwargs[name] = params[name]
    return interp.call_function(build, [], kwargs)


def _keras_wrapper_fit(est: Estimator, ctx: CallCtx) -> Value:
    interp = ctx.interp
    model = _keras_build(est, interp)
    if model is UNKNOWN:
        return Const(None)
    if id(model) not in interp.compiles:
        if "loss" not in est.params:
            return Const(None)
        kwargs = {k: est.params[k] for k in ("loss", "metrics", "optimizer") if k in est.params}
        nodes = {k: est.param_nodes[k] for k in kwargs if k in est.param_nodes}
        keras_compile(model, CallCtx(interp, est.node, [], kwargs, [], nodes))  # type: ignore[arg-type]
    classifier = est.qualname.endswith("Classifier")
    x = ctx.arg(0, "X") if ctx.has(0, "X") else ctx.arg(0, "x")
    y = Tensor() if classifier else ctx.arg(1, "y")  # classifiers encode the labels themselves
    keras_fit(model, CallCtx(interp, ctx.node, [x, y], {}))
    return est


def fit_estimator(est: Value, ctx: CallCtx) -> Value:
    if not isinstance(est, Estimator):
        if isinstance(est, (SearchCV, PipelineVal)):
            return _meta_method(est, "fit", ctx)
        fit = ctx.interp.get_attr(est, "fit", ctx.node)
        return ctx.interp.call(fit, ctx) if fit is not UNKNOWN else UNKNOWN
    est.fits += 1
    if est.kind == "skorch":
        return _skorch_fit(est, ctx)
    return _keras_wrapper_fit(est, ctx)


@on_method(Estimator, "*")
def _estimator_method(est: Estimator, name: str, ctx: CallCtx) -> Value:
    if name in ("fit", "partial_fit", "fit_transform"):
        return fit_estimator(est, ctx)
    if name == "set_params":
        est.params.update(ctx.kwargs)
        return est
    if name == "initialize":
        return est
    return UNKNOWN


# ------------------------------------------------------------------------------------ scikit-learn meta-estimators
@dataclass(eq=False)
class SearchCV(Value):
    estimator: Value
    unknown: frozenset  # parameter names the search sets (None in it: not known which)


@dataclass(eq=False)
class PipelineVal(Value):
    last: Value
    transforms: bool  # steps before the last one transform X


def _grid_keys(grid: Value) -> frozenset:
    grids = grid.items if isinstance(grid, Seq) else [grid]
    keys: set = set()
    for g in grids:
        if not isinstance(g, DictVal) or getattr(g, "default", None):
            return frozenset({None})
        keys.update(k for k in g.items if isinstance(k, str))
    return frozenset(keys)


@on_call("sklearn.model_selection.GridSearchCV", "sklearn.model_selection.RandomizedSearchCV",
         "sklearn.model_selection.HalvingGridSearchCV", "sklearn.model_selection.HalvingRandomSearchCV")
def _search(ctx: CallCtx) -> Value:
    grid = ctx.arg(1, "param_distributions" if "Randomized" in ctx.qualname or "RandomSearch" in ctx.qualname
                   else "param_grid")
    return SearchCV(ctx.arg(0, "estimator"), _grid_keys(grid))


@on_call("sklearn.pipeline.Pipeline", "sklearn.pipeline.make_pipeline")
def _pipeline(ctx: CallCtx) -> Value:
    if ctx.star_args:
        return UNKNOWN
    if ctx.qualname.endswith("make_pipeline"):
        steps = list(ctx.args)
    else:
        given = ctx.arg(0, "steps")
        if not isinstance(given, Seq) or not given.items:
            return UNKNOWN
        steps = [s.items[1] if isinstance(s, Seq) and len(s.items) == 2 else UNKNOWN for s in given.items]
    if not steps:
        return UNKNOWN
    return PipelineVal(steps[-1], len(steps) > 1)


def _with_unknown(est: Value, unknown: frozenset) -> Value:
    if isinstance(est, Estimator):
        return Estimator(est.kind, est.qualname, est.node, est.params, est.param_nodes, est.star, est.attrs,
                         unknown | (est.unknown_params or frozenset()))
    return est


def _meta_method(meta: Value, name: str, ctx: CallCtx) -> Value:
    if name != "fit":
        return UNKNOWN
    if isinstance(meta, SearchCV):
        inner = _with_unknown(meta.estimator, meta.unknown)
        fit_estimator(inner, ctx)
        return meta
    if isinstance(meta, PipelineVal):
        x = data_tensor() if meta.transforms else ctx.arg(0, "X")  # what earlier steps made of X: not followed
        fit_estimator(meta.last, CallCtx(ctx.interp, ctx.node, [x, ctx.arg(1, "y")], {}))
        return meta
    return UNKNOWN


@on_method(SearchCV, "*")
def _search_method(meta: SearchCV, name: str, ctx: CallCtx) -> Value:
    return _meta_method(meta, name, ctx)


@on_method(PipelineVal, "*")
def _pipeline_method(meta: PipelineVal, name: str, ctx: CallCtx) -> Value:
    return _meta_method(meta, name, ctx)


@on_call("sklearn.model_selection.cross_val_score", "sklearn.model_selection.cross_validate",
         "sklearn.model_selection.cross_val_predict", "sklearn.model_selection.learning_curve")
def _cross_val(ctx: CallCtx) -> Value:
    """cross_val_score(estimator, X, y, cv=...): the estimator is fitted on folds of (X, y)."""
    est = ctx.arg(0, "estimator")
    x, y = ctx.arg(1, "X"), ctx.arg(2, "y")
    fit_estimator(est, CallCtx(ctx.interp, ctx.node, [x, y], {}))
    return UNKNOWN


# ------------------------------------------------------------------------------------ PyTorch-Ignite
@dataclass(eq=False)
class IgniteEngine(Value):
    """An ignite Engine: the user's process function, or a supervised trainer's model and loss."""

    process: Value = UNKNOWN
    model: Optional[Value] = None
    loss: Optional[Value] = None


@on_call("ignite.engine.Engine", "ignite.engine.engine.Engine")
def _ignite_engine(ctx: CallCtx) -> Value:
    return IgniteEngine(process=ctx.arg(0, "process_function"))


@on_call("ignite.engine.create_supervised_trainer")
def _ignite_supervised_trainer(ctx: CallCtx) -> Value:
    if ctx.star_args or ctx.has(None, "prepare_batch") or ctx.has(None, "model_fn"):
        return IgniteEngine()  # batches or the forward pass reshaped by the user: not followed
    return IgniteEngine(model=ctx.arg(0, "model"), loss=ctx.arg(2, "loss_fn"))


@on_method(IgniteEngine, "*")
def _ignite_engine_method(engine: IgniteEngine, name: str, ctx: CallCtx) -> Value:
    if name != "run":
        return UNKNOWN
    interp = ctx.interp
    batch = interp.element_of(ctx.arg(0, "data"))
    if engine.model is not None and engine.loss is not None:
        if not (isinstance(batch, Seq) and len(batch.items) == 2):
            return UNKNOWN
        x, y = batch.items
        pred = apply_model(interp, engine.model, x, ctx.node)
        from lossguard.analysis.libraries.training import mark_trained

        mark_trained(interp.call(engine.loss, CallCtx(interp, ctx.node, [pred, y], {})))
    elif isinstance(engine.process, Function):
        interp.call_function(engine.process, [engine, batch], {})
    return UNKNOWN
