"""A small abstract interpreter over a LibCST module.

It executes the module once, in order, with abstract values: assignments, tuple unpacking,
function and method calls (user functions are entered with their arguments bound), classes and
instances (`self.fc = nn.Linear(...)` in `__init__`), branches (joined: values that differ become
unknown), loops (one pass; short literal lists are unrolled) and `with torch.no_grad()`.
Functions never called from the module (training functions, Lightning `training_step`) are
analysed afterwards with unknown arguments.

It never imports or executes the analysed code. It is total: anything it does not understand
becomes UNKNOWN, an internal error in one statement only makes that statement's targets unknown,
and a step budget bounds the work on pathological input.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from typing import Any, Callable, Optional

import libcst as cst

import lossguard.analysis.libraries  # noqa: F401  (importing it registers every library handler)
from lossguard.analysis import registry
from lossguard.analysis.events import EventLog
from lossguard.analysis.registry import CallCtx, find_hook, find_method
from lossguard.analysis.values import (
    HEAD_ATTRS, SOME_INT, UNKNOWN, BoundMethod, ClassVal, Const, DataInfo, DictVal, Function, FunctionalModel, Instance, LazyName,
    Layer, MethodRef, ModuleVal, Partial, PretrainedModel, Ref, Seq, SubmoduleRef, SuperProxy, Tensor,
    Value,
)
from lossguard.analysis.imports import canonical, dotted_name, import_bindings
from lossguard.analysis.libraries.common import MODEL_KINDS, PARAMETRIC, is_model
from lossguard.analysis.libraries.training import (
    GRADIENT_CALLS, LOGGING_CALLS, TRAINING_STEPS, mark_trained, on_gradient_call, on_logging_call,
)
from lossguard.project.loader import MAX_IMPORT_DEPTH, ProjectLoader
from lossguard.project.resolve import ModuleFile

MAX_DEPTH = 12
MAX_STEPS = 60_000
UNROLL_LIMIT = 16
DEBUG = os.environ.get("LOSSGUARD_DEBUG") == "1"

NORMAL, RETURN, BREAK, CONTINUE = 0, 1, 2, 3
_MISSING = object()

# Parameter names that, in a function nobody calls, most likely receive the file's model.
MODEL_PARAM_NAMES = ("model", "net", "network", "classifier", "clf", "module", "discriminator",
                     "disc", "generator", "gen", "autoencoder", "encoder", "decoder", "head")


class BudgetExceeded(Exception):
    pass


class Scope:
    __slots__ = ("vars", "parent", "star_modules", "lazy_stars")

    def __init__(self, parent: Optional["Scope"] = None):
        self.vars: dict[str, Value] = {}
        self.parent = parent
        self.star_modules: list[str] = []  # `from keras.layers import *` (module scopes only)
        self.lazy_stars: list[ModuleFile] = []  # `from .net import *` of project modules, latest last

    def root(self) -> "Scope":
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def lookup(self, name: str) -> Optional[Value]:
        scope: Optional[Scope] = self
        while scope is not None:
            value = scope.vars.get(name)
            if value is not None:
                return value
            scope = scope.parent
        return None


@dataclass
class Frame:
    func: Optional[Function] = None
    self_value: Optional[Value] = None
    returns: list[Value] = field(default_factory=list)
    return_paths: list[tuple] = field(default_factory=list)  # the branch path each return was reached on


def join(a: Value, b: Value) -> Value:
    """The value of a name after two paths that assigned `a` and `b`."""
    if a is b:
        return a
    if isinstance(a, Const) and isinstance(b, Const) and type(a.value) is type(b.value) and a.value == b.value:
        return a
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        if a.head == b.head and a.data == b.data and a.raw_path == b.raw_path:
            if a.loss_of != b.loss_of:  # one loss or another: either may be trained
                return a.with_(loss_of=a.loss_of + tuple(e for e in b.loss_of if e not in a.loss_of))
            return a
        ha, hb = a.head, b.head
        if (ha is not None and hb is not None and a.data is None and b.data is None and ha.activation == hb.activation
                and ha.act_node is hb.act_node and ha.layer_node is hb.layer_node and ha.dim == hb.dim):
            # the same output written once, with different widths (heads of a ModuleDict...)
            return a.with_(head=replace(ha, units=ha.units if ha.units == hb.units else None,
                                        rank=ha.rank if ha.rank == hb.rank else None),
                           raw_path=a.raw_path if a.raw_path is b.raw_path else None)
        if ha is None and hb is None and a.data is not None and b.data is not None and not a.loss_of and not b.loss_of:
            # two data tensors: what both paths agree on (a vector filled in a loop keeps its rank)
            da, db = a.data, b.data
            agreed = DataInfo(**{f.name: getattr(da, f.name) if getattr(da, f.name) == getattr(db, f.name) else
                                 (False if f.name == "is_image" else None) for f in fields(DataInfo)})
            if agreed.value_range != da.value_range or agreed.origin is not da.origin:
                agreed = replace(agreed, value_range=None, origin=None)
            return Tensor(data=agreed, training=a.training and b.training)
    return UNKNOWN


def join_all(values: list[Value]) -> Value:
    if not values:
        return Const(None)
    result = values[0]
    for value in values[1:]:
        result = join(result, value)
    return result


def _forget_loop_counts(before: dict[str, Value], scope: Scope) -> None:
    """A loop whose iterations are not known runs its body once. A constant the body changed (`size
    += 1` per distinct character) would then hold the value after exactly one iteration: it holds
    some number instead (an unknown width, never a wrong one)."""
    for name, old in before.items():
        new = scope.vars.get(name)
        if not isinstance(old, Const) or not isinstance(new, Const) or new is old:
            continue
        if type(old.value) is type(new.value) and old.value == new.value:
            continue
        numbers = all(isinstance(v.value, int) and not isinstance(v.value, bool) for v in (old, new))
        scope.vars[name] = SOME_INT if numbers else UNKNOWN


MAX_ALTERNATIVES = 6  # extra runs of one program along given branch paths
MAX_INHERITED_RUNS = 16  # base-class methods run again with a subclass's self (_inherited_over_overrides)
_MODEL_CLASS_KINDS = frozenset({"torch_module", "keras_model", "lightning"})


def _self_reads(node: cst.CSTNode) -> frozenset[str]:
    """The attributes a method reads on its first parameter (`self.forward(x)` → forward)."""
    names: set[str] = set()
    params = node.params.params if isinstance(node, cst.FunctionDef) else ()
    first = params[0].name.value if params else None

    class Reads(cst.CSTVisitor):
        def visit_Attribute(self, attr: cst.Attribute) -> None:
            if isinstance(attr.value, cst.Name) and attr.value.value == first:
                names.add(attr.attr.value)

    if first is not None:
        node.body.visit(Reads())
    return frozenset(names)


@dataclass(frozen=True)
class BranchPath:
    """Decisions for `if` statements whose condition the analysis cannot decide (`if args.dataset ==
    "imagenet": net = NetA() else: net = NetB()`). Merging the branches forgets which model was built;
    a run along each path sees one model, as a user running with that option would. Only the decisions
    on the path are given: every other undecidable `if` still merges, so choices made by two separate
    statements are never paired up — except the same option tested again (`if args.model ==
    "Transformer": output = model(data) else: output, hidden = model(data, hidden)` in the training
    loop), which a run takes the way the path took it (`option_test`)."""

    decisions: tuple[tuple[int, Any], ...]  # (id of the If node, the branch taken: True/False), or of a
    # registry's subscript (the index of the entry taken)
    nodes: tuple[cst.CSTNode, ...] = ()  # the nodes themselves, kept alive for their ids


_TEST_OPS = {cst.Equal: ("==", False), cst.NotEqual: ("==", True), cst.In: ("in", False), cst.NotIn: ("in", True),
             cst.Is: ("is", False), cst.IsNot: ("is", True)}


def _literal(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, (cst.SimpleString, cst.Integer, cst.Float)):
        return node.value
    if isinstance(node, cst.Name) and node.value in ("None", "True", "False"):
        return node.value
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        items = [_literal(e.value) for e in node.elements if isinstance(e, cst.Element)]
        if len(items) == len(node.elements) and all(i is not None for i in items):
            return "(" + ",".join(sorted(i for i in items if i is not None)) + ")"
    return None


def option_test(test: cst.BaseExpression) -> Optional[tuple[str, bool]]:
    """(a key naming what an option test asks, whether this spelling negates it), or None when the test
    is not an option compared with literals: `args.model == "T"` and `args.model != "T"` ask the same
    question, `not args.cuda` negates `args.cuda`. Reads of options the program does not reassign
    between the tests (command-line arguments, configuration) give the same answer twice."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        inner = option_test(test.expression)
        return (inner[0], not inner[1]) if inner is not None else None
    if isinstance(test, (cst.Name, cst.Attribute)):
        operand = dotted_name(test)
        return (operand, False) if operand is not None and operand not in ("True", "False", "None") else None
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        target = test.comparisons[0]
        op = _TEST_OPS.get(type(target.operator))
        left, right = dotted_name(test.left), _literal(target.comparator)
        if op is None or left is None or right is None:
            return None
        return f"{left} {op[0]} {right}", op[1]
    return None


def is_model_like(value: Optional[Value]) -> bool:
    """A model object (a bare layer only when it has weights): what a choice between branches is
    worth following for."""
    return value is not None and is_model(value) and (not isinstance(value, Layer) or value.kind in PARAMETRIC)


class Interpreter:
    """Runs one program: the entry module and, with a `loader`, the project modules it imports
    (each executed once, on first import, as Python would; cycles see the partly run module)."""

    def __init__(self, module: cst.Module, loader: Optional[ProjectLoader] = None,
                 forced: Optional["BranchPath"] = None):
        self.module = module
        self.loader = loader
        # Paths through undecidable branches (see BranchPath): the branch decisions this run takes as
        # given, the decisions taken so far on the path being run, and the paths worth a run of their
        # own (where two branches built different models and the merge forgot both)
        self.forced: dict[int, Any] = dict(forced.decisions) if forced is not None else {}
        self._forced_nodes = forced.nodes if forced is not None else ()  # keeps the ids valid
        self.forced_options: dict[str, bool] = {}  # option tests the path decided (option_test)
        for node, (_, taken) in zip(self._forced_nodes, forced.decisions if forced is not None else ()):
            asked = option_test(node.test) if isinstance(node, (cst.If, cst.IfExp)) and isinstance(taken, bool) else None
            if asked is not None:
                self.forced_options[asked[0]] = taken != asked[1]
        self.path: list[tuple[cst.CSTNode, Any]] = []
        self.alternatives: list[BranchPath] = []
        self.events = EventLog()
        self.globals = Scope()
        entry_file = ModuleFile("__main__", loader.entry_path) if loader is not None else None
        self.entry = ModuleVal(entry_file, self.globals, is_main=True)
        self.current_module = self.entry
        self.modules: dict[str, ModuleVal] = {}  # project modules by file (ModuleFile.key)
        self.import_depth = 0
        self._root_models: Optional[tuple[tuple[int, int], list[ClassVal]]] = None
        self.lazy_memo: dict[int, Value] = {}  # LazyName → what it resolved to in this interpreter
        self.star_memo: dict[tuple[int, str], Optional[Value]] = {}
        # statements of imported modules → their module (statements of the entry are not listed)
        self.stmt_module: dict[int, ModuleVal] = {}
        # the entry's statement that is running (innermost): code of other modules it calls is
        # "reached from" there; anchor_of maps such code's nodes to that statement
        self.entry_stmt: Optional[cst.CSTNode] = None
        self.anchor_of: dict[int, cst.CSTNode] = {}
        self.steps = 0
        self.depth = 0
        self.no_grad = 0
        self.functions: list[Function] = []
        self.classes: list[ClassVal] = []
        self.entered: set[int] = set()
        # Keras compile state per model object (id → CompileState), see keras.py
        self.compiles: dict[int, Any] = {}
        self.compiled_models: list[Value] = []
        self.synthetic: dict[int, Instance] = {}
        # the innermost statement each evaluated call sits in (positions.py generates code with
        # positions for that statement only)
        self.current_stmt: Optional[cst.CSTNode] = None
        self.stmt_of: dict[int, cst.CSTNode] = {}

    # ------------------------------------------------------------------ driver
    def run(self) -> EventLog:
        try:
            self.exec_block(self.module.body, self.globals, Frame())
            self.run_uncalled()
        except BudgetExceeded:
            pass
        for finish in registry.FINISHERS:
            finish(self)
        return self.events

    def run_uncalled(self) -> None:
        """Analyse functions and methods nobody called, with unknown (or default) arguments."""
        done: set[int] = set()
        for _ in range(4):
            pending = [f for f in self.functions if id(f.node) not in self.entered and id(f.node) not in done
                       and f.module is self.entry]  # imported modules' own functions: when they are checked
            if not pending:
                break
            for fn in pending:
                done.add(id(fn.node))
                self_value = None
                if fn.owner is not None and not fn.is_static:
                    self_value = self.synthetic_instance(fn.owner)
                self._call_uncalled(fn, self_value)
        for fn, cls in self._inherited_over_overrides():
            self._call_uncalled(fn, self.synthetic_instance(cls))

    def _call_uncalled(self, fn: Function, self_value: Optional[Value]) -> None:
        args: list[Value] = []
        params = self._positional_params(fn)
        start = 1 if self_value is not None else 0
        for param in params[start:]:
            name = param.name.value
            args.append(fn.defaults[name] if name in fn.defaults else self.guess_param(name))
        self.call_function(fn, args, {}, self_value=self_value)

    def _inherited_over_overrides(self) -> list[tuple[Function, ClassVal]]:
        """A base class's method that calls what the file's subclass overrides (`train_model` calling
        `self.forward` and `self.state_loss`), to run once more with the subclass's `self`: the
        training loop of the base applied to the subclass's model and loss, which no other run
        sees when nobody instantiates the subclass."""
        classes: dict[int, ClassVal] = {}
        for fn in self.functions:  # models only: a model's own training loop (an estimator's fit calling
            # `self._fit` is every scikit-learn-style subclass, and none trains a network there)
            if fn.module is self.entry and fn.owner is not None and fn.owner.kind in _MODEL_CLASS_KINDS:
                classes.setdefault(id(fn.owner), fn.owner)
        out: list[tuple[Function, ClassVal]] = []
        reads: dict[int, frozenset[str]] = {}
        for cls in classes.values():
            own = {name for name, value in cls.namespace.items()
                   if isinstance(value, Function) and not (name.startswith("__") and name.endswith("__"))}
            seen: set[str] = set(cls.namespace)
            for base in cls.mro()[1:]:
                overridden = {name for name in own if name in base.namespace}
                for name, member in base.namespace.items():
                    if name in seen or not isinstance(member, Function) or member.is_static or member.is_property:
                        continue
                    seen.add(name)
                    if not overridden:
                        continue
                    if id(member.node) not in reads:
                        reads[id(member.node)] = _self_reads(member.node)
                    if reads[id(member.node)] & overridden:
                        out.append((member, cls))
        return out[:MAX_INHERITED_RUNS]

    def guess_param(self, name: str) -> Value:
        """A parameter of an uncalled function: the file's only model class, if the name says model."""
        lowered = name.lower()
        if not any(lowered == p or lowered.endswith("_" + p) or lowered.startswith(p + "_") for p in MODEL_PARAM_NAMES):
            return UNKNOWN
        roots = self.root_model_classes()
        if len(roots) == 1:
            return self.synthetic_instance(roots[0])
        return UNKNOWN

    def root_model_classes(self) -> list[ClassVal]:
        """The entry module's model classes that are not parts of others (or, when it defines none,
        the model classes it imports by name). Computed again only when classes were added."""
        key = (len(self.classes), len(self.globals.vars))
        if self._root_models is not None and self._root_models[0] == key:
            return self._root_models[1]
        roots = self._root_model_classes()
        self._root_models = (key, roots)
        return roots

    def _root_model_classes(self) -> list[ClassVal]:
        kinds = ("torch_module", "keras_model", "lightning")
        models = [c for c in self.classes if c.kind in kinds and c.module is self.entry]
        if not models:
            imported = [self.resolve(v) for v in list(self.globals.vars.values())]
            models = [v for v in imported if isinstance(v, ClassVal) and v.kind in kinds]
        used_as_part = set()
        for cls in models:
            for other in models:
                if other is not cls and other.name in _class_source_names(cls):
                    used_as_part.add(id(other))
            for base in cls.bases:
                if isinstance(base, ClassVal):
                    used_as_part.add(id(base))
        return [c for c in models if id(c) not in used_as_part]

    def synthetic_instance(self, cls: ClassVal) -> Instance:
        inst = self.synthetic.get(id(cls))
        if inst is None:
            inst = Instance(cls)
            self.synthetic[id(cls)] = inst
            init = cls.lookup("__init__")
            if isinstance(init, Function):
                args = []
                for param in self._positional_params(init)[1:]:
                    args.append(init.defaults.get(param.name.value, UNKNOWN))
                self.call_function(init, args, {}, self_value=inst)
        return inst

    # ------------------------------------------------------------------ statements
    def exec_block(self, stmts: Any, scope: Scope, frame: Frame) -> int:
        for stmt in stmts:
            flow = self.exec_stmt(stmt, scope, frame)
            if flow != NORMAL:
                return flow
        return NORMAL

    def exec_body(self, body: Any, scope: Scope, frame: Frame) -> int:
        """An IndentedBlock or SimpleStatementSuite."""
        return self.exec_block(body.body, scope, frame)

    def exec_stmt(self, stmt: cst.CSTNode, scope: Scope, frame: Frame) -> int:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise BudgetExceeded
        self.current_stmt = stmt
        if self.current_module is self.entry:
            self.entry_stmt = stmt
        else:
            self.stmt_module[id(stmt)] = self.current_module
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                flow = self._guarded_small(small, scope, frame)
                if flow != NORMAL:
                    return flow
            return NORMAL
        handler = self._compound.get(type(stmt))
        if handler is None:
            return NORMAL
        try:
            return handler(self, stmt, scope, frame)
        except (BudgetExceeded, RecursionError):
            raise
        except Exception:
            if DEBUG:
                raise
            return NORMAL

    def _guarded_small(self, small: cst.CSTNode, scope: Scope, frame: Frame) -> int:
        try:
            return self.exec_small(small, scope, frame)
        except (BudgetExceeded, RecursionError):
            raise
        except Exception:
            if DEBUG:
                raise
            for target in _assigned_names(small):
                scope.vars[target] = UNKNOWN
            return NORMAL

    def exec_small(self, stmt: cst.CSTNode, scope: Scope, frame: Frame) -> int:
        if isinstance(stmt, cst.Expr):
            self.eval(stmt.value, scope)
            return NORMAL
        if isinstance(stmt, cst.Assign):
            value = self.eval(stmt.value, scope)
            for target in stmt.targets:
                self.assign(target.target, value, scope)
            return NORMAL
        if isinstance(stmt, cst.AnnAssign):
            if stmt.value is not None:
                self.assign(stmt.target, self.eval(stmt.value, scope), scope)
            return NORMAL
        if isinstance(stmt, cst.AugAssign):
            current = self.eval(stmt.target, scope)
            operand = self.eval(stmt.value, scope)
            op = _AUG_OPS.get(type(stmt.operator))
            result = self.binop(current, op, operand, stmt) if op else UNKNOWN
            self.assign(stmt.target, result, scope)
            return NORMAL
        if isinstance(stmt, cst.Return):
            frame.returns.append(self.eval(stmt.value, scope) if stmt.value is not None else Const(None))
            frame.return_paths.append(tuple(self.path))
            return RETURN
        if isinstance(stmt, (cst.Import, cst.ImportFrom)):
            self.exec_import(stmt, scope)
            return NORMAL
        if isinstance(stmt, cst.Raise):
            return RETURN
        if isinstance(stmt, cst.Break):
            return BREAK
        if isinstance(stmt, cst.Continue):
            return CONTINUE
        return NORMAL

    def exec_import(self, stmt: Any, scope: Scope) -> None:
        if self.loader is not None:
            self._import_project(stmt, scope)
            return
        for local, qual in import_bindings(stmt):
            if local == "*":
                if qual:
                    scope.root().star_modules.append(qual)
                continue
            scope.vars[local.split(".")[0] if "." in local else local] = Ref(qual) if qual else UNKNOWN

    # imports of the project's own modules --------------------------------------------
    def _import_project(self, stmt: Any, scope: Scope) -> None:
        if isinstance(stmt, cst.Import):
            # `import pkg.mod` runs the packages and the module, as Python does
            for alias in stmt.names:
                full = dotted_name(alias.name) or ""
                asname = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else None
                sibling = self._implicit_relative(full)
                if sibling is not None:  # Python 2's `import net` beside net.py inside a package
                    if asname is not None or "." not in full:
                        scope.vars[asname or full] = self.module_value(sibling)
                    continue
                module = self.import_absolute(full)
                if asname is not None:
                    scope.vars[asname] = module
                else:
                    top = full.split(".")[0]
                    scope.vars[top] = self.import_absolute(top)
            return
        level = len(stmt.relative)
        module_name = dotted_name(stmt.module) if stmt.module is not None else ""
        found: Optional[ModuleFile] = None
        library: Optional[Ref] = None
        if level:
            found = self.loader.relative(self.current_module.file.path if self.current_module.file else None,
                                         level, module_name or "")  # type: ignore[union-attr]
        elif module_name:
            target = self.find_absolute(module_name)
            found = target if isinstance(target, ModuleFile) else None
            library = target if isinstance(target, Ref) else None
            if found is None:
                found = self._implicit_relative(module_name)
                library = None if found is not None else library
            if found is not None:
                self._run_parent_packages(module_name)
        if found is None:
            if isinstance(stmt.names, cst.ImportStar):
                if library is not None:
                    scope.root().star_modules.append(library.qualname)
                return
            for alias in stmt.names:
                name = dotted_name(alias.name) or ""
                local = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else name
                scope.vars[local] = Ref(f"{library.qualname}.{name}") if library is not None else UNKNOWN
            return
        # A plain module (its body only defines names, project/plain.py) runs when a name is first
        # used; any other runs now, as in Python, for what it does at import time.
        eager = not self.loader.is_plain(found)  # type: ignore[union-attr]
        if isinstance(stmt.names, cst.ImportStar):
            if eager:
                self.module_value(found)
            scope.root().lazy_stars.append(found)
            return
        for alias in stmt.names:
            name = dotted_name(alias.name) or ""
            local = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else name
            now = eager
            if not now and found.is_package:
                sub = self.loader.submodule(found, name)  # type: ignore[union-attr]
                now = sub is not None and not self.loader.is_plain(sub)  # type: ignore[union-attr]
            scope.vars[local] = self.module_attr(self.module_value(found), name) if now else LazyName(found, name)

    def _implicit_relative(self, dotted: str) -> Optional[ModuleFile]:
        """Python 2 resolved `import net` / `from net import X` inside a package to the package's own
        net.py first; code written that way (still common in research repositories) means that module
        when no project module of that absolute name exists. Libraries are never shadowed this way."""
        current = self.current_module.file
        if _is_library(dotted) or current is None or current.path is None:
            return None
        if not (current.is_package or "." in current.name or current.name == ""):
            return None  # a top-level module: its folder is an import root, absolute imports found it
        if self.loader.absolute(dotted.split(".")[0]) is not None:  # type: ignore[union-attr]
            return None
        return self.loader.relative(current.path, 1, dotted)  # type: ignore[union-attr]

    def _run_parent_packages(self, dotted: str) -> None:
        """`from a.b.c import x` runs the packages `a` and `a.b` first: now, where they do more than
        define names (a package whose `__init__` imports its modules to fill a registry)."""
        parts = dotted.split(".")
        for i in range(1, len(parts)):
            package = self.loader.absolute(".".join(parts[:i]))  # type: ignore[union-attr]
            if package is not None and not self.loader.is_plain(package):  # type: ignore[union-attr]
                self.module_value(package)

    def import_module(self, dotted: str) -> Value:
        """`importlib.import_module("configs.lanes")`: the module, as `import configs.lanes` binds it."""
        if self.loader is None:
            return Ref(dotted)
        return self.import_absolute(dotted)

    def find_absolute(self, dotted: str) -> Any:
        """The project module `dotted` names (a ModuleFile), else the library (Ref), else UNKNOWN."""
        if _is_library(dotted):
            return Ref(dotted)
        found = self.loader.absolute(dotted)  # type: ignore[union-attr]
        if found is not None:
            return found
        if self.loader.absolute(dotted.split(".")[0]) is None:  # type: ignore[union-attr]
            return Ref(dotted)
        return UNKNOWN  # a package of the project without that module

    def resolve(self, value: Value) -> Value:
        """The value behind a name bound by `from module import name` (see LazyName)."""
        if value.__class__ is not LazyName:
            return value
        known = self.lazy_memo.get(id(value))
        if known is None:
            self.lazy_memo[id(value)] = UNKNOWN  # a name that needs itself: unknown, not endless
            known = self.module_attr(self.module_value(value.file), value.name, value)  # type: ignore[attr-defined]
            self.lazy_memo[id(value)] = known
        return known

    def _from_lazy_stars(self, name: str, scope: Scope) -> Optional[Value]:
        """`from .net import *` of a project module: the name from the latest module that exports it."""
        key = (id(scope), name)
        if key in self.star_memo:
            return self.star_memo[key]
        self.star_memo[key] = None
        found: Optional[Value] = None
        for file in reversed(scope.lazy_stars):
            module = self.module_value(file)
            exported = module.scope.vars.get("__all__")
            if isinstance(exported, Seq):
                if not any(isinstance(i, Const) and i.value == name for i in exported.items):
                    continue
            elif name.startswith("_"):
                continue
            value = self.module_attr(module, name)
            if value is not UNKNOWN:
                found = value
                break
        self.star_memo[key] = found
        return found

    def import_absolute(self, dotted: str) -> Value:
        """`import a.b` / `from a.b import x`: a project module, else the library of that name."""
        if _is_library(dotted):
            return Ref(dotted)
        parts = dotted.split(".")
        value: Value = UNKNOWN
        for i in range(1, len(parts) + 1):
            found = self.loader.absolute(".".join(parts[:i]))  # type: ignore[union-attr]
            if found is None:
                return Ref(dotted) if i == 1 else UNKNOWN
            value = self.module_value(found)
        return value

    def module_value(self, file: ModuleFile) -> ModuleVal:
        """The module object of a project file within this program (one per program, as in Python):
        its body runs on first import; an import cycle sees it partly run."""
        existing = self.modules.get(file.key)
        if existing is not None:
            return existing
        module = ModuleVal(file, Scope())
        self.modules[file.key] = module
        if file.path is None or self.import_depth >= MAX_IMPORT_DEPTH:
            return module  # a namespace package, or an import chain too deep to follow
        local = self.loader.load(file)  # type: ignore[union-attr]
        if local is None:
            return module  # unreadable or not parseable: its names stay unknown
        module.source = local
        outer_module, outer_stmt, outer_entry = self.current_module, self.current_stmt, self.entry_stmt
        self.current_module = module
        self.import_depth += 1
        try:
            self.exec_block(local.parsed.module.body, module.scope, Frame())
        finally:
            self.import_depth -= 1
            self.current_module, self.current_stmt, self.entry_stmt = outer_module, outer_stmt, outer_entry
        return module

    def module_attr(self, module: ModuleVal, name: str, binding: Optional[Value] = None) -> Value:
        """`module.name`: a global of the module, else a submodule of a package, else a star import.
        `binding` is the LazyName being resolved (`from . import net` in the package's own
        `__init__` binds `net`, which is then the submodule)."""
        value = module.scope.vars.get(name)
        if value is not None and not (binding is not None and value.__class__ is LazyName
                                      and value.file.key == binding.file.key and value.name == name):  # type: ignore[attr-defined]
            return self.resolve(value)
        if module.file is not None and module.file.is_package and self.loader is not None:
            sub = self.loader.submodule(module.file, name)
            if sub is not None:
                return self.module_value(sub)
        if module.scope.lazy_stars:
            found = self._from_lazy_stars(name, module.scope)
            if found is not None:
                return found
        if module.scope.star_modules:
            return self._from_star_imports(name, module.scope.star_modules)
        return UNKNOWN

    def exec_functiondef(self, stmt: cst.FunctionDef, scope: Scope, frame: Frame) -> int:
        fn = self.make_function(stmt, scope)
        scope.vars[stmt.name.value] = self.decorate(fn, fn.user_decorators)
        return NORMAL

    def decorate(self, target: Value, decorators: list[Value]) -> Value:
        """Apply the program's own decorators, innermost first, as Python does (`@register("mlp")`
        fills a registry). A decorator that does not return a function or class keeps the target."""
        current = target
        for decorator in reversed(decorators):
            result = self.call(decorator, CallCtx(self, None, [current], {}))  # type: ignore[arg-type]
            if isinstance(result, (Function, BoundMethod, Partial, ClassVal)):
                current = result
        return current

    def make_function(self, node: Any, scope: Scope, owner: Optional[ClassVal] = None) -> Function:
        defaults: dict[str, Value] = {}
        params = node.params
        for param in list(params.posonly_params) + list(params.params) + list(params.kwonly_params):
            if param.default is not None:
                defaults[param.name.value] = self.eval(param.default, scope)
        fn = Function(node=node, scope=scope, defaults=defaults, owner=owner,
                      name=node.name.value if isinstance(node, cst.FunctionDef) else "<lambda>",
                      stmt=self.current_stmt, module=self.current_module)
        if isinstance(node, cst.FunctionDef):
            for name, user in self._decorators(node.decorators, scope):
                if name in ("torch.no_grad", "torch.inference_mode", "torch.autograd.grad_mode.no_grad"):
                    fn.no_grad = True
                elif name in ("property", "functools.cached_property", "cached_property"):
                    fn.is_property = True
                elif name == "staticmethod":
                    fn.is_static = True
                elif user is not None:
                    fn.user_decorators.append(user)
            self.functions.append(fn)
        return fn

    def _decorators(self, decorators: Any, scope: Scope) -> list[tuple[str, Optional[Value]]]:
        """Each decorator once: (canonical name of a library decorator, or "" ; the program's own
        decorator as a value, or None). `@factory(args)` of the program is called here."""
        out: list[tuple[str, Optional[Value]]] = []
        for deco in decorators:
            expr = deco.decorator
            func = expr.func if isinstance(expr, cst.Call) else expr
            if isinstance(func, cst.Name) and func.value in ("property", "staticmethod", "classmethod", "cached_property"):
                if scope.lookup(func.value) is None:
                    out.append((func.value, None))
                    continue
            value = self.eval(func, scope)
            if isinstance(value, Ref):
                out.append((canonical(value.qualname), None))
            elif isinstance(value, (Function, BoundMethod, Partial)):
                out.append(("", self.eval(expr, scope) if isinstance(expr, cst.Call) else value))
            else:
                out.append(("", None))
        return out

    def _decorator_name(self, expr: cst.BaseExpression, scope: Scope) -> str:
        func = expr.func if isinstance(expr, cst.Call) else expr
        if isinstance(func, cst.Name) and func.value in ("property", "staticmethod", "classmethod", "cached_property"):
            if scope.lookup(func.value) is None:
                return func.value
        value = self.eval(func, scope)
        if isinstance(value, Ref):
            return canonical(value.qualname)
        return ""

    def exec_classdef(self, stmt: cst.ClassDef, scope: Scope, frame: Frame) -> int:
        bases = [self.eval(arg.value, scope) for arg in stmt.bases]
        cls = ClassVal(node=stmt, name=stmt.name.value, bases=bases, namespace={}, module=self.current_module)
        cls.kind = _class_kind(cls)
        body_scope = Scope(parent=scope)
        for item in stmt.body.body:
            if isinstance(item, cst.FunctionDef):
                fn = self.make_function(item, scope, owner=cls)  # methods close over the module, not the class
                cls.namespace[item.name.value] = self.decorate(fn, fn.user_decorators)
            else:
                self.exec_stmt(item, body_scope, frame)
        for name, value in body_scope.vars.items():
            cls.namespace.setdefault(name, value)
        if self._is_record_class(stmt, bases, scope):
            cls.fields = [item.body[0].target.value for item in stmt.body.body
                          if isinstance(item, cst.SimpleStatementLine) and len(item.body) == 1
                          and isinstance(item.body[0], cst.AnnAssign) and isinstance(item.body[0].target, cst.Name)]
        users = [user for _, user in self._decorators(stmt.decorators, scope) if user is not None]
        decorated = self.decorate(cls, users) if users else cls
        scope.vars[stmt.name.value] = decorated if isinstance(decorated, ClassVal) else cls
        self.classes.append(cls)
        return NORMAL

    def _is_record_class(self, stmt: cst.ClassDef, bases: list[Value], scope: Scope) -> bool:
        """@dataclass / @attr.s / NamedTuple classes get an __init__ from their annotated fields."""
        for deco in stmt.decorators:
            if self._decorator_name(deco.decorator, scope) in ("dataclasses.dataclass", "attr.s", "attr.define",
                                                               "attrs.define", "attr.dataclass", "dataclass"):
                return True
        return any(isinstance(b, Ref) and canonical(b.qualname) in ("typing.NamedTuple", "NamedTuple") for b in bases)

    def exec_if(self, stmt: cst.If, scope: Scope, frame: Frame, header: Optional[cst.If] = None) -> int:
        self.current_stmt = header or stmt  # an `elif` test belongs to the `if` statement
        truth = self.truth(stmt.test, scope)
        if truth is None:
            truth = self.forced_truth(stmt, stmt.test)
        if truth is not None:
            if truth is True:
                return self.exec_body(stmt.body, scope, frame)
            return self._exec_orelse(stmt.orelse, scope, frame, header or stmt)
        before = dict(scope.vars)
        mark = len(self.path)
        self.path.append((stmt, True))
        flow_body = self.exec_body(stmt.body, scope, frame)
        del self.path[mark:]
        after_body = scope.vars
        scope.vars = dict(before)
        self.path.append((stmt, False))
        flow_else = self._exec_orelse(stmt.orelse, scope, frame, header or stmt)
        del self.path[mark:]
        after_else = scope.vars
        if flow_body != NORMAL and flow_else != NORMAL:
            scope.vars = after_else
            return RETURN if RETURN in (flow_body, flow_else) else flow_else
        if flow_body != NORMAL:
            scope.vars = after_else
            self.path.append((stmt, False))  # what follows runs only where the body did not return
            return NORMAL
        if flow_else != NORMAL:
            scope.vars = after_body
            self.path.append((stmt, True))
            return NORMAL
        merged: dict[str, Value] = {}
        for name in set(after_body) | set(after_else):
            a = after_body.get(name)
            b = after_else.get(name)
            if a is None or b is None:
                # assigned on one path only: the other path keeps what it had before (maybe nothing)
                prior = before.get(name)
                a = a if a is not None else prior
                b = b if b is not None else prior
                if a is None or b is None:
                    merged[name] = a if a is not None else b  # type: ignore[assignment]
                    continue
            merged[name] = join(a, b)
            if merged[name] is UNKNOWN and (is_model_like(a) or is_model_like(b)):
                self._both_sides(stmt)
        scope.vars = merged
        return NORMAL

    def forced_truth(self, node: cst.CSTNode, test: cst.BaseExpression) -> Optional[bool]:
        """The branch this run's path takes at an undecidable test: given for the node itself, or for
        the same option tested elsewhere on the path."""
        truth = self.forced.get(id(node))
        if truth is None and self.forced_options:
            asked = option_test(test)
            answer = self.forced_options.get(asked[0]) if asked is not None else None
            if answer is not None:
                truth = answer != asked[1]  # type: ignore[index]
        return truth

    def _both_sides(self, node: cst.CSTNode) -> None:
        """The two branches of an undecidable `if` / conditional expression, each a path of its own."""
        self._alternative(self.path + [(node, True)])
        self._alternative(self.path + [(node, False)])

    def _alternative(self, path: list[tuple[cst.CSTNode, Any]]) -> None:
        """A path worth its own run: on it a name holds one model where the merge of branches forgot it."""
        if self.forced or len(self.alternatives) >= MAX_ALTERNATIVES or not path:
            return  # (a run along a given path looks for no further ones)
        candidate = BranchPath(tuple((id(node), truth) for node, truth in path), tuple(node for node, _ in path))
        if all(candidate.decisions != known.decisions for known in self.alternatives):
            self.alternatives.append(candidate)

    def choose_entry(self, values: list[Value], node: cst.CSTNode) -> Value:
        """An entry of a registry picked by a key known only at run time (`MODELS[args.arch]()`,
        `models.__dict__[args.arch](...)`, `getattr(models, cfg.name)`): on a run along a given path,
        the entry that path takes; otherwise the join of all, and one run of its own per model the
        join forgot (an entry that is a model, a model class, or a factory function returning one;
        one entry per model class: `resnet18` and `resnet50` build the same class)."""
        chosen = self.forced.get(id(node))
        if chosen is not None and not isinstance(chosen, bool) and 0 <= chosen < len(values):
            return values[chosen]
        result = join_all(values) if values else UNKNOWN
        if result is UNKNOWN and not self.forced:
            seen: set[Any] = set()
            # factories first: `models.__dict__[arch](num_classes=10)` names `resnet18`, not `ResNet`
            order = sorted(range(len(values)), key=lambda i: isinstance(values[i], ClassVal))
            for index in order:
                built = self.model_built_by(values[index])
                if built is not None and built not in seen:
                    seen.add(built)
                    self._alternative(self.path + [(node, index)])
        return result

    def model_built_by(self, value: Value, depth: int = 0) -> Optional[Any]:
        """What model a registry entry stands for, as a key that tells models apart (the model class, a
        library constructor's name, the object itself), or None when it is no model. A function counts
        when what it returns is read off its body without running it: a call of a model class, of a
        library model constructor or of another such function (`return _mobilenet(arch, **kw)`), or a
        local name assigned from one (`model = Net(...); ...; return model`)."""
        if isinstance(value, ClassVal):
            library_model = any(isinstance(base, Ref) and canonical(base.qualname) in _MODEL_CONSTRUCTORS
                                for cls in value.mro() for base in cls.bases)  # class Net(keras.Sequential)
            return value if value.kind in MODEL_KINDS or library_model else None
        if isinstance(value, Ref):
            name = canonical(value.qualname)
            return name if name in _MODEL_CONSTRUCTORS or name.startswith(_MODEL_FAMILIES) else None
        if isinstance(value, Function):
            if depth >= 3 or isinstance(value.node, cst.Lambda) or value.owner is not None:
                return None
            return self._factory_model(value, depth)
        if is_model_like(value):
            return id(value)
        return None

    def _factory_model(self, fn: Function, depth: int) -> Optional[Any]:
        returns, calls = _returns_and_assigned_calls(fn.node)
        for expr in returns:
            if isinstance(expr, cst.Name) and expr.value in calls:
                expr = calls[expr.value]
            if not isinstance(expr, cst.Call):
                continue
            callee = self._static_lookup(expr.func, fn.scope)
            if callee is not None:
                built = self.model_built_by(callee, depth + 1)
                if isinstance(built, str):
                    return id(fn.node)  # keras.Sequential(...) built here: this function's own model
                if built is not None:
                    return built
        return None

    def _static_lookup(self, expr: cst.BaseExpression, scope: Scope) -> Optional[Value]:
        """A name or dotted name as the defining scope binds it, without evaluating anything else."""
        if isinstance(expr, cst.Name):
            return self.lookup(expr.value, scope)
        if isinstance(expr, cst.Attribute):
            base = self._static_lookup(expr.value, scope)
            if base is None or base is UNKNOWN:
                return None
            return self.get_attr(base, expr.attr.value)
        return None

    def library_entry(self, module: Value, name: Optional[str] = None) -> Value:
        """A library module's member picked by name (`getattr(torchvision.models, args.arch)`,
        `models.__dict__[name]`): the member when the name is known; when it is not, the module's
        family as a whole (`torchvision.models.*`) if every member of the family is handled alike,
        else unknown."""
        if not isinstance(module, Ref):
            return UNKNOWN
        if name is not None:
            return Ref(f"{module.qualname}.{name}")
        family = f"{canonical(module.qualname)}.*"
        return Ref(family) if family in registry.CALLS else UNKNOWN

    def module_namespace(self, module: ModuleVal, seen: Optional[set[int]] = None) -> dict[str, Value]:
        """`module.__dict__` / `vars(module)`: its globals and what its star imports of project modules
        brought in (each module's `__all__`, else its public names), in definition order."""
        seen = seen if seen is not None else set()
        if id(module) in seen:
            return {}
        seen.add(id(module))
        names: dict[str, Value] = {}
        for file in module.scope.lazy_stars:
            star = self.module_value(file)
            exported = star.scope.vars.get("__all__")
            inner = self.module_namespace(star, seen)
            if isinstance(exported, Seq):
                wanted = [i.value for i in exported.items if isinstance(i, Const) and isinstance(i.value, str)]
                names.update((n, inner[n]) for n in wanted if n in inner)
            else:
                names.update((n, v) for n, v in inner.items() if not n.startswith("_"))
        for name, value in module.scope.vars.items():
            if not (name.startswith("__") and name.endswith("__")):
                names[name] = self.resolve(value)
        return names

    def _exec_orelse(self, orelse: Any, scope: Scope, frame: Frame, header: Optional[cst.If] = None) -> int:
        if orelse is None:
            return NORMAL
        if isinstance(orelse, cst.If):
            return self.exec_if(orelse, scope, frame, header)
        return self.exec_body(orelse.body, scope, frame)

    def truth(self, test: cst.BaseExpression, scope: Scope) -> Optional[bool]:
        """Conditions we decide: `self.training` (the training path), `__name__ == "__main__"`."""
        if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            inner = self.truth(test.expression, scope)
            return None if inner is None else not inner
        if isinstance(test, cst.Attribute) and test.attr.value == "training":
            return True
        if isinstance(test, cst.Comparison) and isinstance(test.left, cst.Name) and test.left.value == "__name__":
            main = self.current_module.is_main  # an imported module does not run its `__main__` block
            if len(test.comparisons) == 1 and isinstance(test.comparisons[0].operator, cst.NotEqual):
                return not main
            return main
        value = self.eval(test, scope)
        if isinstance(value, Const) and isinstance(value.value, (bool, int, type(None))):
            return bool(value.value)
        return None

    def exec_for(self, stmt: cst.For, scope: Scope, frame: Frame) -> int:
        iterable = self.eval(stmt.iter, scope)
        items = self.unroll_items(iterable)
        before = None
        if items is None or getattr(iterable, "mutated", False):
            # one pass stands for any number of iterations (or the items of a list whose length is not
            # known: filled in a loop run once, or a comprehension over unknown data)
            items = items if items is not None else [self.element_of(iterable)]
            before = dict(scope.vars)
        try:
            for item in items:
                self.assign(stmt.target, item, scope)
                flow = self.exec_body(stmt.body, scope, frame)
                if flow == BREAK:
                    return NORMAL
                if flow == RETURN:
                    return RETURN
        finally:
            if before is not None:
                _forget_loop_counts(before, scope)
        if stmt.orelse is not None:
            return self.exec_body(stmt.orelse.body, scope, frame)
        return NORMAL

    def exec_while(self, stmt: cst.While, scope: Scope, frame: Frame) -> int:
        before = dict(scope.vars)
        flow = self.exec_body(stmt.body, scope, frame)
        _forget_loop_counts(before, scope)
        if flow == RETURN:
            return RETURN
        return NORMAL

    def exec_with(self, stmt: cst.With, scope: Scope, frame: Frame) -> int:
        entered_no_grad = 0
        for item in stmt.items:
            value = self.eval(item.item, scope)
            if _is_no_grad(value):
                entered_no_grad += 1
            if item.asname is not None:
                self.assign(item.asname.name, UNKNOWN if _is_no_grad(value) else value, scope)
        self.no_grad += entered_no_grad
        try:
            return self.exec_body(stmt.body, scope, frame)
        finally:
            self.no_grad -= entered_no_grad

    def exec_try(self, stmt: Any, scope: Scope, frame: Frame) -> int:
        flow = self.exec_body(stmt.body, scope, frame)
        if flow == NORMAL and stmt.orelse is not None:
            flow = self.exec_body(stmt.orelse.body, scope, frame)
        if stmt.finalbody is not None:
            self.exec_body(stmt.finalbody.body, scope, frame)
        return flow

    _compound: dict[type, Callable[..., int]] = {}

    # ------------------------------------------------------------------ assignment
    def assign(self, target: cst.BaseExpression, value: Value, scope: Scope) -> None:
        if isinstance(target, cst.Name):
            scope.vars[target.value] = value
            return
        if isinstance(target, (cst.Tuple, cst.List)):
            elements = target.elements
            star = next((i for i, e in enumerate(elements) if isinstance(e, cst.StarredElement)), None)
            parts = self.unpack(value, len(elements))
            for i, element in enumerate(elements):
                if star is not None and i == star:
                    self.assign(element.value, UNKNOWN, scope)
                    continue
                if star is not None and i > star and parts is not None:
                    part = parts[i - len(elements)] if len(parts) >= len(elements) else UNKNOWN
                else:
                    part = parts[i] if parts is not None and i < len(parts) else UNKNOWN
                self.assign(element.value, part, scope)
            return
        if isinstance(target, cst.Attribute):
            obj = self.eval(target.value, scope)
            attrs = getattr(obj, "attrs", None)
            if isinstance(attrs, dict):
                attrs[target.attr.value] = value
            return
        if isinstance(target, cst.Subscript):
            obj = self.eval(target.value, scope)
            key = _subscript_key(target, self, scope)
            if isinstance(obj, DictVal) and key is not None:
                obj.items[key] = value
            elif isinstance(obj, Seq) and isinstance(key, int) and -len(obj.items) <= key < len(obj.items):
                obj.items[key] = value
            elif isinstance(obj, SubmoduleRef):
                obj.model.attrs[obj.name] = value  # model.classifier[6] = nn.Linear(...)
            elif isinstance(obj, Tensor) and obj.data is not None and obj.data.encoding == "zeros" \
                    and _one_per_row(target, value, self, scope):
                # y2 = np.zeros((n, k)); y2[np.arange(n), y] = 1: one-hot labels built by hand
                self.assign(target.value, Tensor(data=DataInfo(encoding="one_hot", n_classes=obj.data.n_classes,
                                                               classes_node=obj.data.classes_node,
                                                               value_range="0..1", rank=2)), scope)
            elif isinstance(obj, Tensor) and obj.data is not None:
                # `mask[mask > 0] = 1`: values written in place, the known range no longer holds
                self.assign(target.value, Tensor(data=DataInfo(is_image=obj.data.is_image, rank=obj.data.rank)), scope)
            return
        if isinstance(target, cst.StarredElement):
            self.assign(target.value, UNKNOWN, scope)

    def unpack(self, value: Value, count: int) -> Optional[list[Value]]:
        if isinstance(value, Seq):
            if getattr(value, "repeat", False) and value.items:
                return [value.items[0]] * count
            if len(value.items) == count:
                return list(value.items)
            return None
        handler = find_hook(value, "__unpack__")
        if handler is not None:
            result = handler(value, "__unpack__", CallCtx(self, None, [Const(count)], {}))  # type: ignore[arg-type]
            if isinstance(result, Seq):
                return result.items
        return None

    def unroll_items(self, iterable: Value) -> Optional[list[Value]]:
        if isinstance(iterable, Seq) and 0 < len(iterable.items) <= UNROLL_LIMIT and not getattr(iterable, "repeat", False):
            return list(iterable.items)
        if isinstance(iterable, DictVal) and 0 < len(iterable.items) <= UNROLL_LIMIT and not getattr(iterable, "bunch", False):
            return [Const(key) for key in iterable.items]
        return None

    def element_of(self, iterable: Value) -> Value:
        if isinstance(iterable, Seq):
            if not iterable.items:
                return UNKNOWN
            return join_all(list(iterable.items))
        if isinstance(iterable, DictVal):
            keys = [Const(k) for k in iterable.items]
            return join_all(keys) if keys else UNKNOWN
        handler = find_hook(iterable, "__iter_element__")
        if handler is not None:
            return handler(iterable, "__iter_element__", CallCtx(self, None, [], {}))  # type: ignore[arg-type]
        return UNKNOWN

    # ------------------------------------------------------------------ expressions
    def eval(self, node: Optional[cst.BaseExpression], scope: Scope) -> Value:
        if node is None:
            return UNKNOWN
        self.stmt_of[id(node)] = self.current_stmt  # type: ignore[assignment]
        if self.current_module is not self.entry and self.import_depth == 0 and self.entry_stmt is not None:
            self.anchor_of[id(node)] = self.entry_stmt
        handler = _EXPR.get(type(node))
        if handler is None:
            return UNKNOWN
        return handler(self, node, scope)

    def lookup(self, name: str, scope: Scope) -> Value:
        value = scope.lookup(name)
        if value is not None:
            return self.resolve(value) if value.__class__ is LazyName else value
        if name in _BUILTIN_CONSTS:
            return Const(_BUILTIN_CONSTS[name])
        if name in _BUILTIN_FUNCS:
            return Ref("builtins." + name)  # before star imports of project modules: rarely shadowed
        root = scope.root()
        if root.lazy_stars:
            found = self._from_lazy_stars(name, root)
            if found is not None:
                return found
        if root.star_modules:
            return self._from_star_imports(name, root.star_modules)
        return UNKNOWN

    def _from_star_imports(self, name: str, star_modules: list[str]) -> Value:
        """`from keras.layers import *` + `from keras.models import *`: which module gave `name`."""
        candidates = [(module, canonical(f"{module}.{name}")) for module in star_modules]
        for module, candidate in candidates:
            if candidate in registry.CALLS:
                return Ref(f"{module}.{name}")
        prefixes = registry.registered_prefixes()
        for module, candidate in candidates:
            if candidate in prefixes:
                return Ref(f"{module}.{name}")
        for module, candidate in candidates:
            if _family_fallback(candidate):
                return Ref(f"{module}.{name}")
        return UNKNOWN

    def get_attr(self, obj: Value, name: str, node: Optional[cst.CSTNode] = None) -> Value:
        if isinstance(obj, Ref):
            return Ref(f"{obj.qualname}.{name}")
        if obj is UNKNOWN:
            return UNKNOWN
        if isinstance(obj, ModuleVal):
            if name == "__dict__":
                return DictVal(self.module_namespace(obj))
            return self.module_attr(obj, name)
        if isinstance(obj, Instance):
            if name in obj.attrs:
                return obj.attrs[name]
            member = obj.cls.lookup(name)
            if member is not None and member.__class__ is LazyName:
                member = self.resolve(member)
            if isinstance(member, Function):
                if member.is_property:
                    return self.call_function(member, [], {}, self_value=obj)
                if member.is_static:
                    return member
                return BoundMethod(obj, member)
            if member is not None:
                return member
            if name == "training" and obj.cls.kind in ("torch_module", "lightning"):
                return Const(True)
            if obj.library is not None and obj.cls.kind not in ("keras_model", "torch_module", "lightning"):
                return self.get_attr(obj.library, name, node)  # not defined by the class: the library base's
            return MethodRef(obj, name, node)
        if isinstance(obj, SuperProxy):
            mro = _super_mro(obj)
            for cls in mro:
                member = cls.namespace.get(name)
                if isinstance(member, Function):
                    return BoundMethod(obj.self_value, member)
            if name == "__init__" and isinstance(obj.self_value, Instance) and _library_base(obj.self_value.cls):
                return _SuperInit(obj.self_value)
            return MethodRef(obj.self_value, name, node)
        if isinstance(obj, ClassVal):
            member = obj.lookup(name)
            if member is None and name in ("__name__", "__qualname__"):
                return Const(obj.name)  # registries keyed by class name
            return self.resolve(member) if member is not None else UNKNOWN
        if isinstance(obj, DictVal) and getattr(obj, "bunch", False) and name in obj.items:
            return obj.items[name]
        if isinstance(obj, PretrainedModel) and name in HEAD_ATTRS:
            return SubmoduleRef(obj, name)  # `model.classifier[6] = ...` / `.add_module(...)` change the head
        attrs = getattr(obj, "attrs", None)
        if isinstance(attrs, dict) and name in attrs:
            return attrs[name]
        handler = find_hook(obj, "__attr__")
        if handler is not None:
            result = handler(obj, name, CallCtx(self, node, [], {}))  # type: ignore[arg-type]
            if result is not None:
                return result
        return MethodRef(obj, name, node)

    # calls ---------------------------------------------------------------------
    def eval_call(self, node: cst.Call, scope: Scope) -> Value:
        callee = self.eval(node.func, scope)
        args: list[Value] = []
        kwargs: dict[str, Value] = {}
        arg_nodes: list[Optional[cst.BaseExpression]] = []
        kwarg_nodes: dict[str, cst.BaseExpression] = {}
        star = False
        for arg in node.args:
            value = self.eval(arg.value, scope)
            if arg.star == "*":
                if isinstance(value, Seq) and not getattr(value, "repeat", False):
                    args.extend(value.items)
                    arg_nodes.extend([None] * len(value.items))
                else:
                    star = True
                continue
            if arg.star == "**":
                if isinstance(value, DictVal):
                    for key, item in value.items.items():
                        if isinstance(key, str):
                            kwargs[key] = item
                else:
                    star = True
                continue
            if arg.keyword is not None:
                kwargs[arg.keyword.value] = value
                kwarg_nodes[arg.keyword.value] = arg.value
            else:
                args.append(value)
                arg_nodes.append(arg.value)
        ctx = CallCtx(self, node, args, kwargs, arg_nodes, kwarg_nodes, star)
        result = self.call(callee, ctx)
        called = node.func.attr.value if isinstance(node.func, cst.Attribute) else (
            node.func.value if isinstance(node.func, cst.Name) else "")
        if called in GRADIENT_CALLS or called in LOGGING_CALLS:  # the training path (libraries/training.py)
            receiver = callee.obj if isinstance(callee, MethodRef) else UNKNOWN
            if called in GRADIENT_CALLS:
                on_gradient_call(self, called, receiver, args, kwargs)
            else:
                on_logging_call(called, receiver, args, kwargs)
        if (isinstance(callee, MethodRef) and isinstance(callee.obj, Tensor) and callee.name.endswith("_")
                and not callee.name.startswith("_") and isinstance(node.func, cst.Attribute)
                and isinstance(node.func.value, (cst.Name, cst.Attribute))):
            # torch's in-place methods (x.div_(255), x.clamp_(0, 1)) change the receiver itself
            self.assign(node.func.value, result if isinstance(result, Tensor) else UNKNOWN, scope)
        return result

    def call(self, callee: Value, ctx: CallCtx) -> Value:
        if isinstance(callee, Ref):
            name = canonical(callee.qualname)
            handler = registry.CALLS.get(name)
            if handler is None:
                handler = registry.CALLS.get(_family_fallback(name))
            if handler is None:
                return UNKNOWN
            ctx.qualname = name
            return handler(ctx)
        if isinstance(callee, Function):
            return self.call_function(callee, ctx.args, ctx.kwargs, star=ctx.star_args)
        if isinstance(callee, BoundMethod):
            library = getattr(callee.self_value, "library", None)
            fits = getattr(library, "fits", None)
            result = self.call_function(callee.func, ctx.args, ctx.kwargs, self_value=callee.self_value,
                                        star=ctx.star_args)
            if fits is not None and callee.func.name in ("fit", "partial_fit") and library.fits == fits:
                # the class overrides a library estimator's fit (to train on workers, say) and never
                # reached the library's: it still trains the estimator's module with its criterion
                self.call(self.get_attr(library, callee.func.name, ctx.node), ctx)
            return result
        if isinstance(callee, ClassVal):
            return self.instantiate(callee, ctx)
        if isinstance(callee, Partial):
            merged = CallCtx(self, ctx.node, list(callee.args) + list(ctx.args), {**callee.kwargs, **ctx.kwargs},
                             [None] * len(callee.args) + list(ctx.arg_nodes), dict(ctx.kwarg_nodes), ctx.star_args)
            return self.call(callee.func, merged)
        if isinstance(callee, MethodRef):
            if callee.name == "__call__" and isinstance(callee.obj, Instance):
                return self.call(callee.obj, ctx)  # self.__call__(x): the module's forward, spelled out
            handler = find_method(callee.obj, callee.name)
            if handler is None:
                return UNKNOWN
            return handler(callee.obj, callee.name, ctx)
        if isinstance(callee, Instance):
            for name in ("__call__", "forward", "call"):
                member = callee.cls.lookup(name)
                if isinstance(member, Function):
                    if name == "__call__" or _calls_dispatch(callee.cls, name):
                        return self.call_function(member, ctx.args, ctx.kwargs, self_value=callee)
            if callee.library is not None:
                return self.call(callee.library, ctx)
            return UNKNOWN
        if isinstance(callee, _SuperInit):
            self.library_init(callee.inst, ctx)
            return Const(None)
        if callee is UNKNOWN:
            return UNKNOWN
        handler = find_method(callee, "__call__")
        if handler is not None:
            return handler(callee, "__call__", ctx)
        return UNKNOWN

    def instantiate(self, cls: ClassVal, ctx: CallCtx) -> Value:
        inst = Instance(cls)
        init = cls.lookup("__init__")
        if isinstance(init, Function):
            self.call_function(init, ctx.args, ctx.kwargs, self_value=inst, star=ctx.star_args)
        else:
            fields = next((c.fields for c in cls.mro() if c.fields is not None), None)
            if fields is not None and not ctx.star_args:
                for index, name in enumerate(fields):
                    if index < len(ctx.args):
                        inst.attrs[name] = ctx.args[index]
                    elif name in ctx.kwargs:
                        inst.attrs[name] = ctx.kwargs[name]
            elif fields is None:
                self.library_init(inst, ctx)
        return inst

    def library_init(self, inst: Instance, ctx: CallCtx) -> None:
        """The library constructor of the class's library base, on the same arguments (a
        `keras.Model` subclass built as `CustomModel(inputs, outputs)`; `super().__init__(...)`)."""
        base = _library_base(inst.cls)
        if base is None or inst.library is not None:
            return
        if any(isinstance(inst.cls.lookup(name), Function) for name in ("call", "forward", "__call__")):
            return  # a model class with its own forward pass: the library base adds nothing to know
        value = self.call(base, ctx)
        if isinstance(value, FunctionalModel) and not isinstance(value.output, (Tensor, Seq, DictVal)):
            return  # keras.Model() without (inputs, outputs)
        if value is not UNKNOWN and not isinstance(value, Const):
            inst.library = value

    def call_function(self, fn: Function, args: list[Value], kwargs: dict[str, Value],
                      self_value: Optional[Value] = None, star: bool = False) -> Value:
        if self.depth >= MAX_DEPTH:
            return UNKNOWN
        self.entered.add(id(fn.node))
        scope = Scope(parent=fn.scope)
        all_args = ([self_value] if self_value is not None else []) + list(args)
        self._bind(fn, all_args, dict(kwargs), scope, star)
        if fn.owner is not None:
            scope.vars["__class__"] = fn.owner
            if self_value is not None:
                scope.vars["__self__"] = self_value
        frame = Frame(func=fn, self_value=self_value)
        outer_stmt, outer_module, outer_entry_stmt = self.current_stmt, self.current_module, self.entry_stmt
        self.current_stmt = fn.stmt
        if fn.module is not None:
            self.current_module = fn.module
        self.depth += 1
        path_mark = len(self.path)
        if fn.no_grad:
            self.no_grad += 1
        try:
            if isinstance(fn.node, cst.Lambda):
                return self.eval(fn.node.body, scope)
            self.exec_body(fn.node.body, scope, frame)
            if fn.name in TRAINING_STEPS:
                for value in frame.returns:  # Lightning differentiates what training_step returns
                    mark_trained(value)
        finally:
            self.depth -= 1
            del self.path[path_mark:]
            self.current_stmt, self.current_module, self.entry_stmt = outer_stmt, outer_module, outer_entry_stmt
            if fn.no_grad:
                self.no_grad -= 1
        result = join_all(frame.returns)
        if result is UNKNOWN and len(frame.returns) > 1 and any(is_model_like(v) for v in frame.returns):
            for value, path in zip(frame.returns, frame.return_paths):  # a factory returning one of several models
                if is_model_like(value):
                    self._alternative(list(path))
        return result

    def _positional_params(self, fn: Function) -> list[cst.Param]:
        params = fn.node.params
        return list(params.posonly_params) + list(params.params)

    def _bind(self, fn: Function, args: list[Value], kwargs: dict[str, Value], scope: Scope, star: bool) -> None:
        params = fn.node.params
        positional = self._positional_params(fn)
        index = 0
        for param in positional:
            name = param.name.value
            if index < len(args):
                value = args[index]
                index += 1
            elif name in kwargs:
                value = kwargs.pop(name)
            elif star:
                value = UNKNOWN
            else:
                value = fn.defaults.get(name, UNKNOWN)
            scope.vars[name] = value
        if isinstance(params.star_arg, cst.Param):
            scope.vars[params.star_arg.name.value] = Seq(list(args[index:]), "tuple") if not star else UNKNOWN
        for param in params.kwonly_params:
            name = param.name.value
            scope.vars[name] = kwargs.pop(name) if name in kwargs else (UNKNOWN if star else fn.defaults.get(name, UNKNOWN))
        if params.star_kwarg is not None:
            scope.vars[params.star_kwarg.name.value] = DictVal(dict(kwargs)) if not star else UNKNOWN

    # operators -------------------------------------------------------------------
    def binop(self, left: Value, op: Optional[str], right: Value, node: cst.CSTNode) -> Value:
        if op is None:
            return UNKNOWN
        if isinstance(left, Const) and isinstance(right, Const):
            return _fold(left.value, op, right.value)
        if isinstance(left, Seq) and isinstance(right, Seq) and op == "+":
            return Seq(left.items + right.items, left.kind)
        for obj, other, reflected in ((left, right, False), (right, left, True)):
            handler = find_hook(obj, "__binop__")
            if handler is not None:
                result = handler(obj, op, CallCtx(self, node, [other, Const(reflected)], {}))
                if result is not None:
                    return result
        return UNKNOWN


# ---------------------------------------------------------------------------------------------
# expression handlers


def _e_name(it: Interpreter, node: cst.Name, scope: Scope) -> Value:
    return it.lookup(node.value, scope)


def _e_attribute(it: Interpreter, node: cst.Attribute, scope: Scope) -> Value:
    it.stmt_of[id(node.attr)] = it.current_stmt  # type: ignore[assignment]  # fixes rename the attribute
    return it.get_attr(it.eval(node.value, scope), node.attr.value, node)


def _e_call(it: Interpreter, node: cst.Call, scope: Scope) -> Value:
    if isinstance(node.func, cst.Name) and node.func.value == "super" and scope.lookup("super") is None:
        return _e_super(it, scope)
    return it.eval_call(node, scope)


def _e_super(it: Interpreter, scope: Scope) -> Value:
    """`super()` inside a method: the instance and the class whose method is running."""
    self_value = scope.lookup("__self__")
    cls = scope.lookup("__class__")
    if isinstance(self_value, Instance):
        return SuperProxy(self_value, cls if isinstance(cls, ClassVal) else self_value.cls)
    return UNKNOWN


def _e_int(it: Interpreter, node: cst.Integer, scope: Scope) -> Value:
    try:
        return Const(int(node.value.replace("_", ""), 0))
    except ValueError:
        return UNKNOWN


def _e_float(it: Interpreter, node: cst.Float, scope: Scope) -> Value:
    try:
        return Const(float(node.value.replace("_", "")))
    except ValueError:
        return UNKNOWN


def _e_string(it: Interpreter, node: cst.SimpleString, scope: Scope) -> Value:
    # libcst's evaluated_value runs ast.literal_eval (a compile() per literal: ~9% of the whole
    # check, measured); plain literals without escapes are just their body.
    raw = node.value
    body_start = 0
    while body_start < len(raw) and raw[body_start] not in "'\"":
        body_start += 1
    prefix = raw[:body_start].lower()
    quote = raw[body_start:body_start + 3] if raw[body_start:body_start + 3] in ('"""', "'''") else raw[body_start]
    body = raw[body_start + len(quote):len(raw) - len(quote)]
    if "b" not in prefix and ("\\" not in body or "r" in prefix):
        return Const(body)
    try:
        value = node.evaluated_value
    except Exception:
        return UNKNOWN
    return Const(value)


def _e_concat(it: Interpreter, node: cst.ConcatenatedString, scope: Scope) -> Value:  # "a" "b"
    left = it.eval(node.left, scope)
    right = it.eval(node.right, scope)
    if isinstance(left, Const) and isinstance(right, Const) and isinstance(left.value, str) and isinstance(right.value, str):
        return Const(left.value + right.value)
    return UNKNOWN


def _e_seq(kind: str) -> Callable[[Interpreter, Any, Scope], Value]:
    def handler(it: Interpreter, node: Any, scope: Scope) -> Value:
        items: list[Value] = []
        for element in node.elements:
            value = it.eval(element.value, scope)
            if isinstance(element, cst.StarredElement):
                if isinstance(value, Seq):
                    items.extend(value.items)
                else:
                    return UNKNOWN
            else:
                items.append(value)
        return Seq(items, kind)
    return handler


def _e_dict(it: Interpreter, node: cst.Dict, scope: Scope) -> Value:
    items: dict[Any, Value] = {}
    for element in node.elements:
        if isinstance(element, cst.DictElement):
            key = it.eval(element.key, scope)
            if isinstance(key, Const):
                items[key.value] = it.eval(element.value, scope)
            else:
                it.eval(element.value, scope)
        else:  # {**BASE, "loss": ...}: a known dict's entries, in order
            spread = it.eval(element.value, scope)
            if not isinstance(spread, DictVal) or getattr(spread, "default", None) is not None:
                return UNKNOWN
            items.update(spread.items)
    return DictVal(items)


def _e_subscript(it: Interpreter, node: cst.Subscript, scope: Scope) -> Value:
    obj = it.eval(node.value, scope)
    key = _subscript_key(node, it, scope)
    if isinstance(obj, Seq):
        if getattr(obj, "repeat", False) and obj.items:
            return obj.items[0]
        if isinstance(key, int) and -len(obj.items) <= key < len(obj.items):
            return obj.items[key]
        return UNKNOWN
    if isinstance(obj, DictVal):
        default = getattr(obj, "default", None)
        if key is not None:
            return obj.items.get(key, default if default is not None else UNKNOWN)
        if default is not None:
            return default
        return it.choose_entry(list(obj.items.values()), node)
    if isinstance(obj, Ref) and obj.qualname.endswith(".__dict__"):  # torchvision.models.__dict__[arch]
        return it.library_entry(Ref(obj.qualname[:-len(".__dict__")]), key if isinstance(key, str) else None)
    handler = find_hook(obj, "__getitem__")
    if handler is not None:
        index_value = UNKNOWN
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            index_value = it.eval(node.slice[0].slice.value, scope)
        is_slice = any(isinstance(s.slice, cst.Slice) for s in node.slice)
        return handler(obj, "__getitem__", CallCtx(it, node, [index_value, Const(is_slice), Const(key)], {}))
    return UNKNOWN


_MODEL_CONSTRUCTORS = {"keras.models.Sequential", "keras.models.Model", "torch.nn.Sequential"}
_MODEL_FAMILIES = ("torchvision.models.", "keras.applications.", "timm.create_model")


def _returns_and_assigned_calls(node: cst.FunctionDef) -> tuple[list[cst.BaseExpression], dict[str, cst.Call]]:
    """The expressions a function returns and, per local name, the last call assigned to it (nested
    functions and classes are not the function's own code)."""
    returns: list[cst.BaseExpression] = []
    calls: dict[str, cst.Call] = {}
    todo: list[cst.CSTNode] = list(node.body.body) if isinstance(node.body, cst.IndentedBlock) else [node.body]
    while todo:
        current = todo.pop(0)
        if isinstance(current, (cst.FunctionDef, cst.ClassDef)):
            continue
        if isinstance(current, cst.Return) and current.value is not None:
            returns.append(current.value)
        elif isinstance(current, cst.Assign) and isinstance(current.value, cst.Call):
            for target in current.targets:
                if isinstance(target.target, cst.Name):
                    calls[target.target.value] = current.value
        elif isinstance(current, cst.SimpleStatementLine):
            todo[:0] = list(current.body)
            continue
        for field_name in ("body", "orelse", "handlers", "finalbody"):
            child = getattr(current, field_name, None)
            if isinstance(child, cst.BaseSuite):
                todo.extend(child.body if isinstance(child, cst.IndentedBlock) else [child])
            elif isinstance(child, (list, tuple)):
                todo.extend(child)
            elif isinstance(child, cst.CSTNode) and not isinstance(child, cst.BaseExpression):
                todo.append(child)
    return returns, calls


def _one_per_row(target: cst.Subscript, value: Value, it: Interpreter, scope: Scope) -> bool:
    """`table[rows, labels] = 1` with a vector of labels as the column index (not a slice, not a
    constant) and a row index that is not a slice: a single 1 per row."""
    if not (isinstance(value, Const) and value.value == 1 and not isinstance(value.value, bool)):
        return False
    if len(target.slice) != 2 or not all(isinstance(e.slice, cst.Index) for e in target.slice):
        return False
    rows, cols = (it.eval(e.slice.value, scope) for e in target.slice)  # type: ignore[union-attr]
    return (not isinstance(rows, Const) and isinstance(cols, Tensor) and cols.data is not None
            and cols.data.rank in (None, 1))  # one label per row (a 2-D index would set several)


def _subscript_key(node: cst.Subscript, it: Interpreter, scope: Scope) -> Any:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    value = it.eval(node.slice[0].slice.value, scope)
    if isinstance(value, Const):
        return value.value
    return None


def _e_binop(it: Interpreter, node: cst.BinaryOperation, scope: Scope) -> Value:
    left = it.eval(node.left, scope)
    right = it.eval(node.right, scope)
    return it.binop(left, _BIN_OPS.get(type(node.operator)), right, node)


def _e_unary(it: Interpreter, node: cst.UnaryOperation, scope: Scope) -> Value:
    value = it.eval(node.expression, scope)
    if isinstance(value, Const) and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
        if isinstance(node.operator, cst.Minus):
            return Const(-value.value)
        if isinstance(node.operator, cst.Plus):
            return value
    if isinstance(node.operator, cst.Not) and isinstance(value, Const):
        return Const(not value.value)
    return UNKNOWN


def _e_compare(it: Interpreter, node: cst.Comparison, scope: Scope) -> Value:
    left = it.eval(node.left, scope)
    operands = [it.eval(comp.comparator, scope) for comp in node.comparisons]
    known = _compare_constants(left, node.comparisons, operands)
    if known is not None:
        return Const(known)  # `if phase == "eval":` with phase="train" passed: one branch only
    handler = find_hook(left, "__compare__")
    if handler is not None:
        result = handler(left, "compare", CallCtx(it, node, [], {}))
        if result is not None:
            return result
    return UNKNOWN


_COMPARE = {
    cst.Equal: lambda a, b: a == b, cst.NotEqual: lambda a, b: a != b, cst.LessThan: lambda a, b: a < b,
    cst.LessThanEqual: lambda a, b: a <= b, cst.GreaterThan: lambda a, b: a > b,
    cst.GreaterThanEqual: lambda a, b: a >= b, cst.Is: lambda a, b: a is b, cst.IsNot: lambda a, b: a is not b,
    cst.In: lambda a, b: a in b, cst.NotIn: lambda a, b: a not in b,
}
_PLAIN = (str, int, float, bool, type(None))


def _plain_constant(value: Value) -> Any:
    """A Python constant (or a tuple of them: a membership test's container), else _MISSING."""
    if isinstance(value, Const) and isinstance(value.value, _PLAIN):
        return value.value
    if isinstance(value, Seq) and all(isinstance(i, Const) and isinstance(i.value, _PLAIN) for i in value.items):
        return tuple(i.value for i in value.items)
    return _MISSING


def _compare_constants(left: Value, comparisons: Any, operands: list[Value]) -> Optional[bool]:
    """A comparison whose operands are all known constants, decided (a chain: all links hold)."""
    a = _plain_constant(left)
    if a is _MISSING or isinstance(a, tuple):
        return None
    for comp, operand in zip(comparisons, operands):
        b = _plain_constant(operand)
        compare = _COMPARE.get(type(comp.operator))
        if b is _MISSING or compare is None or (isinstance(b, tuple) and not isinstance(comp.operator, (cst.In, cst.NotIn))):
            return None
        try:
            if not compare(a, b):
                return False
        except TypeError:
            return None
        a = b
    return True


def _e_boolop(it: Interpreter, node: cst.BooleanOperation, scope: Scope) -> Value:
    left = it.eval(node.left, scope)
    right = it.eval(node.right, scope)
    is_and = isinstance(node.operator, cst.And)
    if isinstance(left, Const):
        if is_and:
            return left if not left.value else right
        return left if left.value else right
    if left is not UNKNOWN and not isinstance(left, (Tensor, Seq, DictVal)) and not is_and:
        return left  # `x or default` with x an object (a model, a loss): objects are truthy
    return UNKNOWN


def _e_ifexp(it: Interpreter, node: cst.IfExp, scope: Scope) -> Value:
    truth = it.truth(node.test, scope)
    if truth is None:
        truth = it.forced_truth(node, node.test)
    if truth is True:
        return it.eval(node.body, scope)
    if truth is False:
        return it.eval(node.orelse, scope)
    body, orelse = it.eval(node.body, scope), it.eval(node.orelse, scope)
    result = join(body, orelse)
    if result is UNKNOWN and (is_model_like(body) or is_model_like(orelse)):
        it._both_sides(node)  # `Net() if args.big else Small()`: as for an `if`
    return result


def _comprehension_rows(it: Interpreter, comp: cst.CompFor, scope: Scope,
                        exact: Optional[list[bool]] = None) -> list[Scope]:
    """One scope per iteration of the (possibly nested) `for ... in ...` clauses; short known
    iterables are unrolled, anything else gives one representative iteration (then, and with an
    `if` filter, `exact` is set to [False]: the rows are not the comprehension's rows one by one)."""
    rows: list[Scope] = []
    iterable = it.eval(comp.iter, scope)
    items = it.unroll_items(iterable)
    if exact is not None and (items is None or comp.ifs):
        exact[0] = False
    if items is None:
        items = [it.element_of(iterable)]
    for item in items:
        inner = Scope(parent=scope)
        it.assign(comp.target, item, inner)
        for cond in comp.ifs:
            it.eval(cond.test, inner)
        if comp.inner_for_in is not None:
            rows.extend(_comprehension_rows(it, comp.inner_for_in, inner, exact))
        else:
            rows.append(inner)
        if len(rows) > UNROLL_LIMIT * 4:
            break
    return rows


def _e_listcomp(it: Interpreter, node: Any, scope: Scope) -> Value:
    exact = [True]
    rows = _comprehension_rows(it, node.for_in, scope, exact)
    out = Seq([it.eval(node.elt, row) for row in rows], "list")
    if not exact[0]:
        out.mutated = True  # type: ignore[attr-defined]  # its rows are not known one by one: no len()
    return out


def _e_dictcomp(it: Interpreter, node: cst.DictComp, scope: Scope) -> Value:
    rows = _comprehension_rows(it, node.for_in, scope)
    items: dict[Any, Value] = {}
    unknown_keys: list[Value] = []
    for row in rows:
        key = it.eval(node.key, row)
        value = it.eval(node.value, row)
        if isinstance(key, Const):
            items[key.value] = value
        else:
            unknown_keys.append(value)
    if unknown_keys:
        values = list(items.values()) + unknown_keys
        result = DictVal({})
        result.default = join_all(values)  # type: ignore[attr-defined]
        return result
    return DictVal(items)


def _e_lambda(it: Interpreter, node: cst.Lambda, scope: Scope) -> Value:
    return it.make_function(node, scope)


def _e_fstring(it: Interpreter, node: cst.FormattedString, scope: Scope) -> Value:
    for part in node.parts:
        if isinstance(part, cst.FormattedStringExpression):
            it.eval(part.expression, scope)
    return UNKNOWN


def _e_named(it: Interpreter, node: cst.NamedExpr, scope: Scope) -> Value:
    value = it.eval(node.value, scope)
    it.assign(node.target, value, scope)
    return value


def _e_yield(it: Interpreter, node: Any, scope: Scope) -> Value:
    if node.value is not None and not isinstance(node.value, cst.From):
        it.eval(node.value, scope)
    return UNKNOWN


def _e_await(it: Interpreter, node: cst.Await, scope: Scope) -> Value:
    it.eval(node.expression, scope)
    return UNKNOWN


_EXPR: dict[type, Callable[[Interpreter, Any, Scope], Value]] = {
    cst.Name: _e_name,
    cst.Attribute: _e_attribute,
    cst.Call: _e_call,
    cst.Integer: _e_int,
    cst.Float: _e_float,
    cst.SimpleString: _e_string,
    cst.ConcatenatedString: _e_concat,
    cst.List: _e_seq("list"),
    cst.Tuple: _e_seq("tuple"),
    cst.Set: _e_seq("list"),
    cst.Dict: _e_dict,
    cst.Subscript: _e_subscript,
    cst.BinaryOperation: _e_binop,
    cst.UnaryOperation: _e_unary,
    cst.Comparison: _e_compare,
    cst.BooleanOperation: _e_boolop,
    cst.IfExp: _e_ifexp,
    cst.Lambda: _e_lambda,
    cst.FormattedString: _e_fstring,
    cst.ListComp: _e_listcomp,
    cst.SetComp: _e_listcomp,
    cst.GeneratorExp: _e_listcomp,
    cst.DictComp: _e_dictcomp,
    cst.NamedExpr: _e_named,
    cst.Yield: _e_yield,
    cst.Await: _e_await,
}

Interpreter._compound = {
    cst.FunctionDef: Interpreter.exec_functiondef,
    cst.ClassDef: Interpreter.exec_classdef,
    cst.If: Interpreter.exec_if,
    cst.For: Interpreter.exec_for,
    cst.While: Interpreter.exec_while,
    cst.With: Interpreter.exec_with,
    cst.Try: Interpreter.exec_try,
}
if hasattr(cst, "TryStar"):
    Interpreter._compound[cst.TryStar] = Interpreter.exec_try

_BIN_OPS = {
    cst.Add: "+", cst.Subtract: "-", cst.Multiply: "*", cst.Divide: "/", cst.FloorDivide: "//",
    cst.Modulo: "%", cst.Power: "**", cst.MatrixMultiply: "@",
    cst.BitAnd: "&", cst.BitOr: "|", cst.BitXor: "^", cst.LeftShift: "<<", cst.RightShift: ">>",
}
_AUG_OPS = {
    cst.AddAssign: "+", cst.SubtractAssign: "-", cst.MultiplyAssign: "*", cst.DivideAssign: "/",
    cst.FloorDivideAssign: "//", cst.ModuloAssign: "%", cst.PowerAssign: "**",
    cst.MatrixMultiplyAssign: "@",
}
_BUILTIN_CONSTS = {"True": True, "False": False, "None": None}
_BUILTIN_FUNCS = {
    "range", "len", "enumerate", "zip", "list", "tuple", "int", "float", "str", "print", "iter",
    "next", "isinstance", "getattr", "setattr", "hasattr", "dict", "sorted", "reversed", "min", "max",
    "sum", "abs", "round", "open", "map", "filter", "type", "bool", "set", "super", "vars",
}


_MAX_INT_BITS = 4096  # no real count is this big; `x = x * x` repeated would take minutes and gigabytes


def _fold(a: Any, op: str, b: Any) -> Value:
    try:
        if isinstance(a, int) and isinstance(b, int) and op in ("+", "-", "*", "**"):
            bits = a.bit_length() + b.bit_length() if op != "**" else a.bit_length() * max(abs(b), 1)
            if bits > _MAX_INT_BITS:
                return UNKNOWN
        if op == "+":
            return Const(a + b)
        if op == "-":
            return Const(a - b)
        if op == "*":
            if isinstance(a, (str, list, tuple)) or isinstance(b, (str, list, tuple)):
                return UNKNOWN
            return Const(a * b)
        if op == "/":
            return Const(a / b)
        if op == "//":
            return Const(a // b)
        if op == "%":
            if isinstance(a, str):
                return UNKNOWN
            return Const(a % b)
        if op == "**":
            if abs(b) > 64:
                return UNKNOWN
            return Const(a ** b)
    except Exception:
        return UNKNOWN
    return UNKNOWN


def _family_fallback(name: str) -> str:
    """Unregistered classes of known layer families still mean 'a layer we do not know'."""
    parts = name.split(".")
    if name.startswith("keras.layers.") and parts[-1][:1].isupper():
        return "keras.layers.*"
    if name.startswith("torch.nn.") and len(parts) == 3 and parts[-1][:1].isupper():
        return "torch.nn.*"
    if name.startswith("keras.applications.") and parts[-1][:1].isupper():
        return "keras.applications.*"
    if name.startswith("torchvision.models.") and parts[-1][:1].islower() and parts[-1] != "get_model_weights":
        return "torchvision.models.*"
    if name.startswith("torchvision.transforms.") and parts[-1][:1].isupper():
        return "torchvision.transforms.*"
    if name.startswith("torchvision.datasets.") and parts[-1][:1].isupper():
        return "torchvision.datasets.*"
    return ""


class _SuperInit(Value):
    """`super().__init__` reaching the library base of a program's class."""

    __slots__ = ("inst",)

    def __init__(self, inst: Instance):
        self.inst = inst


def _library_base(cls: ClassVal) -> Optional[Ref]:
    """The first library class (an imported name with a handler) among the class's bases, in MRO order."""
    for klass in cls.mro():
        for base in klass.bases:
            if isinstance(base, Ref):
                name = canonical(base.qualname)
                if name in registry.CALLS:
                    return base
    return None


def _is_library(dotted: str) -> bool:
    """A name the library handlers know (`torch`, `tensorflow.keras`, `tf_keras`...): never a project
    module, even if a folder of that name exists (a `data/` folder does not hide `tensorflow.data`)."""
    top = dotted.split(".")[0]
    roots = registry.library_roots()
    return top in roots or canonical(top).split(".")[0] in roots


def _is_no_grad(value: Value) -> bool:
    return bool(getattr(value, "no_grad_marker", False))


def _class_kind(cls: ClassVal) -> Optional[str]:
    for base in cls.bases:
        if isinstance(base, ClassVal):
            if base.kind:
                return base.kind
            continue
        if isinstance(base, Ref):
            name = canonical(base.qualname)
            if name in ("torch.nn.Module",):
                return "torch_module"
            if name in ("keras.models.Model", "keras.layers.Layer"):
                return "keras_model"
            if name in ("lightning.pytorch.LightningModule",):
                return "lightning"
            if name in ("torch.utils.data.Dataset", "torch.utils.data.IterableDataset"):
                return "torch_dataset"
            if name.startswith("keras.utils.Sequence") or name == "keras.utils.PyDataset":
                return "keras_sequence"
    return None


def _calls_dispatch(cls: ClassVal, method: str) -> bool:
    """`model(x)` runs `forward` for torch modules and `call` for Keras models."""
    if method == "forward":
        return cls.kind in ("torch_module", "lightning")
    if method == "call":
        return cls.kind == "keras_model"
    return False


def _super_mro(proxy: SuperProxy) -> list[ClassVal]:
    mro = proxy.self_value.cls.mro() if isinstance(proxy.self_value, Instance) else []
    if proxy.cls in mro:
        return mro[mro.index(proxy.cls) + 1:]
    return mro[1:]


_SOURCE_NAMES: dict[int, tuple[cst.CSTNode, frozenset[str]]] = {}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _class_source_names(cls: ClassVal) -> frozenset[str]:
    """Words of a class body's code (to tell which model classes are parts of others): a superset
    of the names it uses, computed once per class (generating the code is ~5x faster than a visitor)."""
    known = _SOURCE_NAMES.get(id(cls.node))
    if known is None or known[0] is not cls.node:
        known = (cls.node, frozenset(_IDENTIFIER.findall(cst.Module([]).code_for_node(cls.node.body))))
        if len(_SOURCE_NAMES) > 10_000:
            _SOURCE_NAMES.clear()
        _SOURCE_NAMES[id(cls.node)] = known
    return known[1]


def _assigned_names(stmt: cst.CSTNode) -> list[str]:
    out: list[str] = []
    targets: list[cst.BaseExpression] = []
    if isinstance(stmt, cst.Assign):
        targets = [t.target for t in stmt.targets]
    elif isinstance(stmt, (cst.AugAssign, cst.AnnAssign)):
        targets = [stmt.target]
    while targets:
        target = targets.pop()
        if isinstance(target, cst.Name):
            out.append(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            targets.extend(e.value for e in target.elements)
        elif isinstance(target, cst.StarredElement):
            targets.append(target.value)
    return out
