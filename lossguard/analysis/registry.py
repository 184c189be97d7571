"""The registry that gives library calls a meaning, and the call context handlers receive.

The library modules (libraries/keras.py, torch.py, data.py, tfraw.py, python.py) register handlers
under canonical qualified names (see imports.canonical) or as methods of abstract value classes.
Adding support for one more library function means registering one handler; the interpreter does
not change. Handlers see the interpreter only through the `Machine` protocol below, so the library
modules never import the interpreter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Protocol

import libcst as cst

from lossguard.analysis.events import EventLog
from lossguard.analysis.values import UNKNOWN, Const, Function, Value

_MISSING = object()


class Machine(Protocol):
    """What library handlers may use of the interpreter that runs them."""

    events: EventLog
    no_grad: int  # > 0 inside torch.no_grad() / a @torch.no_grad function
    compiles: dict[int, Any]  # Keras compile state per model object (libraries/keras.py)
    compiled_models: list[Value]

    def call(self, callee: Value, ctx: "CallCtx") -> Value: ...

    def call_function(self, fn: Function, args: list[Value], kwargs: dict[str, Value],
                      self_value: Optional[Value] = None, star: bool = False) -> Value: ...

    def element_of(self, iterable: Value) -> Value: ...

    def unroll_items(self, iterable: Value) -> Optional[list[Value]]: ...

    def get_attr(self, obj: Value, name: str, node: Optional[cst.CSTNode] = None) -> Value: ...

    def import_module(self, dotted: str) -> Value: ...

    def choose_entry(self, values: list[Value], node: cst.CSTNode) -> Value: ...

    def module_namespace(self, module: Any) -> dict[str, Value]: ...

    def library_entry(self, module: Value, name: Optional[str] = None) -> Value: ...


@dataclass
class CallCtx:
    interp: Machine
    node: cst.CSTNode  # the Call node
    args: list[Value]
    kwargs: dict[str, Value]
    arg_nodes: list[Optional[cst.BaseExpression]] = field(default_factory=list)
    kwarg_nodes: dict[str, cst.BaseExpression] = field(default_factory=dict)
    star_args: bool = False  # *args / **kwargs we could not expand: positions are unreliable
    qualname: str = ""

    def arg(self, index: Optional[int], name: Optional[str] = None, default: Value = UNKNOWN) -> Value:
        if name is not None and name in self.kwargs:
            return self.kwargs[name]
        if index is not None and index < len(self.args):
            return self.args[index]
        if self.star_args:
            return UNKNOWN
        return default

    def has(self, index: Optional[int], name: Optional[str] = None) -> bool:
        return (name is not None and name in self.kwargs) or (index is not None and index < len(self.args))

    def arg_node(self, index: Optional[int], name: Optional[str] = None) -> Optional[cst.BaseExpression]:
        if name is not None and name in self.kwarg_nodes:
            return self.kwarg_nodes[name]
        if index is not None and index < len(self.arg_nodes):
            return self.arg_nodes[index]
        return None

    def const(self, index: Optional[int], name: Optional[str] = None, default: Any = _MISSING) -> Any:
        """The Python constant passed at (index, name); `default` when absent; UNKNOWN if not constant."""
        if not self.has(index, name):
            if self.star_args:
                return UNKNOWN
            return None if default is _MISSING else default
        value = self.arg(index, name)
        if isinstance(value, Const):
            return value.value
        return UNKNOWN


CallHandler = Callable[[CallCtx], Value]
MethodHandler = Callable[[Value, str, CallCtx], Value]

CALLS: dict[str, CallHandler] = {}
# (value class, method name) → handler; method name "*" is a fallback for the class
METHODS: dict[tuple[type, str], MethodHandler] = {}


def on_call(*names: str) -> Callable[[CallHandler], CallHandler]:
    def register(fn: CallHandler) -> CallHandler:
        for name in names:
            CALLS[name] = fn
        return fn
    return register


def on_method(cls: type, *names: str) -> Callable[[MethodHandler], MethodHandler]:
    def register(fn: MethodHandler) -> MethodHandler:
        for name in names:
            METHODS[(cls, name)] = fn
        return fn
    return register


def find_method(value: Value, name: str) -> Optional[MethodHandler]:
    """The handler of `name` for the value's class (or a base), else its "*" fallback."""
    return find_hook(value, name) or find_hook(value, "*")


def find_hook(value: Value, name: str) -> Optional[MethodHandler]:
    """Exact-name lookup only: protocol hooks (__attr__, __binop__, ...) never use the "*" fallback."""
    for cls in type(value).__mro__:
        handler = METHODS.get((cls, name))
        if handler is not None:
            return handler
    return None


_prefixes: Optional[frozenset[str]] = None
_roots: Optional[frozenset[str]] = None


def library_roots() -> frozenset[str]:
    """Top-level packages the handlers give meaning to (torch, keras, tensorflow, numpy...)."""
    global _roots
    if _roots is None:
        _roots = frozenset(name.split(".")[0] for name in CALLS)
    return _roots


def registered_prefixes() -> frozenset[str]:
    """Every dotted prefix of a registered name ("keras", "keras.layers", ...): known modules."""
    global _prefixes
    if _prefixes is None:
        out = set()
        for name in CALLS:
            parts = name.split(".")
            for i in range(1, len(parts)):
                out.add(".".join(parts[:i]))
        _prefixes = frozenset(out)
    return _prefixes


# Called once at the end of a run (e.g. a Keras compile never followed by fit still declares training)
FINISHERS: list[Callable[[Machine], None]] = []


def on_finish(fn: Callable[[Machine], None]) -> Callable[[Machine], None]:
    FINISHERS.append(fn)
    return fn
