"""Is a module "plain": does running its body only define names?

A plain module's top level holds imports, function and class definitions (with well-known
decorators only), assignments of call-free expressions to names, docstrings and an
`if __name__ == "__main__":` block. Running such a body has no effect on any other module, so a
program may run it when one of its names is first used rather than at the import
(analysis/interpreter.py, LazyName); a module that calls code at import time (a decorator that
registers a class, `logger = get_logger()`, `CONFIG.update(...)`) is run at the import, as Python
does. Decided on CPython's own tree (`ast`, ~12x faster than libcst): it is asked before the module
is parsed for analysis, and for modules that may never be.
"""

from __future__ import annotations

import ast

# decorators that only wrap or annotate (never call the program's own code)
PURE_DECORATORS = frozenset({
    "property", "staticmethod", "classmethod", "abstractmethod", "abc.abstractmethod", "cached_property",
    "functools.cached_property", "functools.lru_cache", "lru_cache", "functools.cache", "cache",
    "functools.wraps", "wraps", "dataclass", "dataclasses.dataclass", "overload", "typing.overload",
    "override", "typing.override", "torch.no_grad", "torch.inference_mode", "torch.enable_grad",
    "torch.jit.script", "torch.jit.export", "torch.jit.ignore", "torch.jit.unused", "torch.compile",
    "tf.function", "tensorflow.function", "jax.jit", "contextmanager", "contextlib.contextmanager",
    "total_ordering", "functools.total_ordering", "unique", "enum.unique", "final", "typing.final",
})


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def _call_free(node: ast.AST) -> bool:
    return not any(isinstance(n, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr))
                   for n in ast.walk(node))


def _pure_decorators(decorators: list[ast.expr]) -> bool:
    for decorator in decorators:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if _dotted(target) not in PURE_DECORATORS:
            return False
        if isinstance(decorator, ast.Call) and not all(_call_free(a) for a in decorator.args + [k.value for k in decorator.keywords]):
            return False
    return True


def _is_main_guard(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
            and len(test.comparators) == 1 and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value == "__main__" and isinstance(test.ops[0], ast.Eq))


def _plain_body(body: list[ast.stmt], in_class: bool = False) -> bool:
    for stmt in body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Pass)):
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # a docstring
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = stmt.args
            defaults = list(args.defaults) + [d for d in args.kw_defaults if d is not None]
            if _pure_decorators(stmt.decorator_list) and all(_call_free(d) for d in defaults):
                continue
            return False
        if isinstance(stmt, ast.ClassDef):
            if (_pure_decorators(stmt.decorator_list) and all(_call_free(b) for b in stmt.bases)
                    and all(_call_free(k.value) for k in stmt.keywords) and _plain_body(stmt.body, True)):
                continue
            return False
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names_only = all(isinstance(n, (ast.Name, ast.Tuple, ast.List, ast.Starred, ast.Store))
                             for target in targets for n in ast.walk(target))
            if names_only and (stmt.value is None or _call_free(stmt.value)):
                continue
            return False
        if isinstance(stmt, ast.If) and not in_class and _is_main_guard(stmt):
            if _plain_body(stmt.orelse):
                continue
            return False
        if isinstance(stmt, ast.Try):
            handlers = [s for h in stmt.handlers for s in h.body]
            if all(_plain_body(part, in_class) for part in (stmt.body, handlers, stmt.orelse, stmt.finalbody)):
                continue
            return False
        return False
    return True


def is_plain(text: str) -> bool:
    """True when running the module's body only defines names (False when it cannot be parsed)."""
    tree = cpython_tree(text)
    return tree is not None and is_plain_tree(tree)


def is_plain_tree(tree: ast.Module) -> bool:
    return _plain_body(tree.body)


def cpython_tree(text: str) -> "ast.Module | None":
    """CPython's tree within the limits of the parse guard (sources/guard.py): a tree this returns
    may be handed to the analysis parse, which then skips its own guard."""
    from lossguard.sources.guard import cpython_parse

    return cpython_parse(text)[0]
