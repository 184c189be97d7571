"""Python builtins and small helpers (tqdm) the way data flows through them."""

from __future__ import annotations

from dataclasses import replace

from lossguard.analysis.registry import CallCtx, on_call, on_method
from lossguard.analysis.values import (
    SOME_INT, UNKNOWN, Const, DataSource, DictVal, FunctionalModel, Instance, Layer, ModuleVal, Partial, PretrainedModel, Ref,
    Seq, SequentialModel, Value,
)


@on_call("builtins.iter", "tqdm.tqdm", "tqdm.auto.tqdm", "tqdm.notebook.tqdm", "tqdm.tqdm_notebook",
         "builtins.reversed", "builtins.sorted")
def _passthrough(ctx: CallCtx) -> Value:
    return ctx.arg(0, "iterable")


@on_call("builtins.next")
def _next(ctx: CallCtx) -> Value:
    return ctx.interp.element_of(ctx.arg(0))


@on_call("builtins.enumerate")
def _enumerate(ctx: CallCtx) -> Value:
    iterable = ctx.arg(0, "iterable")
    items = ctx.interp.unroll_items(iterable)
    if items is not None:
        return Seq([Seq([Const(i), item], "tuple") for i, item in enumerate(items)], "list")
    return DataSource(element=Seq([UNKNOWN, ctx.interp.element_of(iterable)], "tuple"), kind="enumerate")


@on_call("builtins.zip")
def _zip(ctx: CallCtx) -> Value:
    if ctx.star_args:
        return UNKNOWN
    unrolled = [ctx.interp.unroll_items(a) for a in ctx.args]
    if unrolled and all(u is not None for u in unrolled):
        length = min(len(u) for u in unrolled)  # type: ignore[arg-type]
        return Seq([Seq([u[i] for u in unrolled], "tuple") for i in range(length)], "list")  # type: ignore[index]
    return DataSource(element=Seq([ctx.interp.element_of(a) for a in ctx.args], "tuple"), kind="zip")


@on_call("builtins.list", "builtins.tuple")
def _list(ctx: CallCtx) -> Value:
    arg = ctx.arg(0)
    if isinstance(arg, Seq):
        return Seq(list(arg.items), "list" if ctx.qualname.endswith("list") else "tuple")
    if not ctx.has(0):
        return Seq([], "list")
    return UNKNOWN


@on_call("builtins.dict")
def _dict(ctx: CallCtx) -> Value:
    """dict(**kw), dict(base, **kw) with base a known dict, dict([(k, v), ...])."""
    if ctx.star_args or len(ctx.args) > 1:
        return UNKNOWN
    items: dict = {}
    if ctx.args:
        base = ctx.args[0]
        if isinstance(base, DictVal) and not getattr(base, "default", None) and not getattr(base, "bunch", False):
            items.update(base.items)
        elif isinstance(base, Seq) and all(isinstance(p, Seq) and len(p.items) == 2 and isinstance(p.items[0], Const)
                                           for p in base.items):
            items.update((p.items[0].value, p.items[1]) for p in base.items)  # type: ignore[union-attr]
        else:
            return UNKNOWN
    items.update(ctx.kwargs)
    return DictVal(items)


@on_call("builtins.len")
def _len(ctx: CallCtx) -> Value:
    """len() of a literal collection: a list / tuple of distinct constants never changed in place, a
    literal dict, a string. Lists filled by loops or comprehensions over unknown data are not counted
    (still an int: SOME_INT)."""
    value = ctx.arg(0)
    if isinstance(value, Const) and isinstance(value.value, str):
        return Const(len(value.value))
    if isinstance(value, Seq):
        if getattr(value, "repeat", False) or getattr(value, "mutated", False) or not value.items:
            return SOME_INT
        if not all(isinstance(i, Const) and isinstance(i.value, (str, int)) for i in value.items):
            return SOME_INT
        keys = [i.value for i in value.items]  # type: ignore[union-attr]
        return Const(len(keys)) if len(set(keys)) == len(keys) else SOME_INT
    if isinstance(value, DictVal):
        if getattr(value, "default", None) or getattr(value, "bunch", False) or getattr(value, "mutated", False):
            return SOME_INT
        return Const(len(value.items)) if value.items else SOME_INT
    return SOME_INT


def _copy_value(value: Value) -> Value:
    """copy.copy / copy.deepcopy: a model or container with the same meaning (one level copied, so
    later changes to the copy's attributes or layers do not leak back)."""
    if isinstance(value, Instance):
        return Instance(value.cls, dict(value.attrs))
    if isinstance(value, SequentialModel):
        return SequentialModel(value.framework, list(value.layers), value.node, dict(value.attrs))
    if isinstance(value, PretrainedModel):
        return replace(value, attrs=dict(value.attrs))
    if isinstance(value, (FunctionalModel, Layer)):
        return replace(value, attrs=dict(value.attrs))
    if isinstance(value, Seq):
        return Seq(list(value.items), value.kind)
    if isinstance(value, DictVal):
        return DictVal(dict(value.items)) if not getattr(value, "default", None) and not getattr(value, "bunch", False) else UNKNOWN
    return value  # immutable abstract values (tensors, losses, constants) and unknown


@on_call("copy.deepcopy", "copy.copy")
def _copy(ctx: CallCtx) -> Value:
    return _copy_value(ctx.arg(0, "x"))


@on_call("builtins.int", "builtins.float")
def _number(ctx: CallCtx) -> Value:
    arg = ctx.arg(0)
    if isinstance(arg, Const) and isinstance(arg.value, (int, float, str)):
        try:
            return Const(int(arg.value) if ctx.qualname.endswith("int") else float(arg.value))
        except (TypeError, ValueError):
            return UNKNOWN
    return SOME_INT if ctx.qualname.endswith("int") and ctx.has(0) else UNKNOWN


@on_call("builtins.getattr")
def _getattr(ctx: CallCtx) -> Value:
    name = ctx.const(1)
    obj = ctx.arg(0)
    if isinstance(name, str):
        return ctx.interp.get_attr(obj, name)
    if isinstance(obj, ModuleVal) and not ctx.has(2) and ctx.node is not None:
        # getattr(models, cfg.arch): one of the module's names, picked at run time
        return ctx.interp.choose_entry(list(ctx.interp.module_namespace(obj).values()), ctx.node)
    if isinstance(obj, Ref) and not ctx.has(2):
        return ctx.interp.library_entry(obj)  # getattr(torchvision.models, args.arch)
    return UNKNOWN


@on_call("builtins.vars")
def _vars(ctx: CallCtx) -> Value:
    obj = ctx.arg(0)
    if isinstance(obj, ModuleVal):
        return DictVal(ctx.interp.module_namespace(obj))
    if isinstance(obj, Ref):
        return ctx.interp.get_attr(obj, "__dict__")
    return UNKNOWN


@on_call("builtins.print")
def _print(ctx: CallCtx) -> Value:
    return Const(None)


@on_method(DictVal, "items", "keys", "values", "get", "copy", "setdefault", "pop", "update")
def _dict_method(d: DictVal, name: str, ctx: CallCtx) -> Value:
    if name == "items":
        return Seq([Seq([Const(k), v], "tuple") for k, v in d.items.items()], "list")
    if name == "keys":
        return Seq([Const(k) for k in d.items], "list")
    if name == "values":
        return Seq(list(d.items.values()), "list")
    if name in ("get", "pop", "setdefault"):
        key = ctx.const(0)
        if key is not UNKNOWN and key in d.items:
            return d.items.pop(key) if name == "pop" else d.items[key]
        if name == "setdefault" and key is not UNKNOWN:
            d.items[key] = ctx.arg(1, default=Const(None))
            return d.items[key]
        if key is UNKNOWN and name == "get" and not ctx.has(1) and d.items and ctx.node is not None:
            return ctx.interp.choose_entry(list(d.items.values()), ctx.node)  # MODELS.get(args.arch)
        return ctx.arg(1, default=Const(None)) if key is not UNKNOWN else UNKNOWN
    if name == "copy":
        return DictVal(dict(d.items))
    if name in ("update", "pop", "setdefault"):
        d.mutated = True  # type: ignore[attr-defined]
    if name == "update":
        other = ctx.arg(0)
        if isinstance(other, DictVal):
            d.items.update(other.items)
        d.items.update(ctx.kwargs)
        return Const(None)
    return UNKNOWN


@on_method(Seq, "append", "extend", "insert", "copy", "pop", "index", "count", "remove", "clear", "sort", "reverse")
def _list_method(seq: Seq, name: str, ctx: CallCtx) -> Value:
    if name in ("append", "extend", "insert", "pop", "remove", "clear"):
        seq.mutated = True  # type: ignore[attr-defined]  # (perhaps in a loop run once, or in one branch)
    if name == "append":
        seq.items.append(ctx.arg(0))
        return Const(None)
    if name == "extend":
        other = ctx.arg(0)
        if isinstance(other, Seq):
            seq.items.extend(other.items)
        else:
            seq.items.append(UNKNOWN)
        return Const(None)
    if name == "insert":
        index = ctx.const(0)
        if isinstance(index, int):
            seq.items.insert(index, ctx.arg(1))
        return Const(None)
    if name == "copy":
        return Seq(list(seq.items), seq.kind)
    if name == "pop" and seq.items and not ctx.has(0):
        return seq.items.pop()
    return UNKNOWN


@on_call("functools.partial")
def _partial(ctx: CallCtx) -> Value:
    if ctx.star_args or not ctx.args:
        return UNKNOWN
    return Partial(ctx.args[0], list(ctx.args[1:]), dict(ctx.kwargs))


@on_call("importlib.import_module", "builtins.__import__")
def _import_module(ctx: CallCtx) -> Value:
    """A module imported by a literal name at run time means what `import name` means."""
    name = ctx.const(0, "name")
    if not isinstance(name, str) or not name or name.startswith(".") or ctx.has(None, "fromlist"):
        return UNKNOWN
    module = ctx.interp.import_module(name)
    if ctx.qualname == "builtins.__import__" and "." in name:
        return UNKNOWN  # __import__("a.b") returns `a`
    return module


_STR_METHODS = {"lower": str.lower, "upper": str.upper, "strip": str.strip, "lstrip": str.lstrip,
                "rstrip": str.rstrip, "casefold": str.casefold, "title": str.title, "capitalize": str.capitalize}


@on_method(Const, *_STR_METHODS, "replace", "startswith", "endswith")
def _str_method(value: Const, name: str, ctx: CallCtx) -> Value:
    """`name.lower()` of a known string is a known string (a factory choosing a model by name)."""
    if not isinstance(value.value, str) or ctx.star_args or ctx.kwargs:
        return UNKNOWN
    args = [ctx.const(i) for i in range(len(ctx.args))]
    if not all(isinstance(a, str) for a in args):
        return UNKNOWN
    try:
        if name in _STR_METHODS:
            return Const(_STR_METHODS[name](value.value, *args[:1])) if len(args) <= 1 else UNKNOWN
        if name == "replace" and len(args) == 2:
            return Const(value.value.replace(args[0], args[1]))
        if name in ("startswith", "endswith") and len(args) == 1:
            return Const(getattr(value.value, name)(args[0]))
    except (TypeError, ValueError):
        return UNKNOWN
    return UNKNOWN
