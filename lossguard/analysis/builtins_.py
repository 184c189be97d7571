"""Python builtins and small helpers (tqdm) the way data flows through them."""

from __future__ import annotations

from lossguard.analysis.semantics import CallCtx, on_call
from lossguard.analysis.values import UNKNOWN, Const, DataSource, DictVal, Seq, Value


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
    if ctx.args or ctx.star_args:
        return UNKNOWN
    return DictVal(dict(ctx.kwargs))


@on_call("builtins.int", "builtins.float")
def _number(ctx: CallCtx) -> Value:
    arg = ctx.arg(0)
    if isinstance(arg, Const) and isinstance(arg.value, (int, float, str)):
        try:
            return Const(int(arg.value) if ctx.qualname.endswith("int") else float(arg.value))
        except (TypeError, ValueError):
            return UNKNOWN
    return UNKNOWN


@on_call("builtins.getattr")
def _getattr(ctx: CallCtx) -> Value:
    name = ctx.const(1)
    if isinstance(name, str):
        return ctx.interp.get_attr(ctx.arg(0), name)
    return UNKNOWN


@on_call("builtins.print")
def _print(ctx: CallCtx) -> Value:
    return Const(None)
