"""Parsing: CPython's parser as a guard, then libcst; every failure becomes one `ParseFailure`.

LibCST's native parser is not safe on pathological input: measured, it segfaults on 1,500-deep
nested brackets, 5,000 nested lambdas or a 100,000-link attribute chain, and takes minutes on a
20,000-term sum. CPython's own parser (the `ast` module, ~12x faster than libcst) rejects all of
those cleanly, within its documented limits (200 nested brackets, 100 indentation levels, the
recursion limit while building the tree) — and code beyond those limits cannot run under CPython
anyway. So `ast.parse` runs first: it guards libcst, pinpoints syntax errors better, and its tree
gives positions cheaply (positions.py). Parsing never executes the code.
"""

from __future__ import annotations

import ast
import gc
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Optional

import libcst as cst

from lossguard.sources.guard import (  # noqa: F401  (re-exported: ParseFailure is raised from here)
    _GUARD_RECURSION_LIMIT, _LIMIT_MESSAGES, ParseFailure, ParserLimitation, cpython_parse as _cpython_parse,
    depth_now as _depth_now,
)

@dataclass
class Parsed:
    module: cst.Module
    tree: Optional[ast.Module]  # CPython's tree when it parsed the text (None for newer syntax)


def parse(text: str, notebook: bool = False, tree: Optional[ast.Module] = None) -> Parsed:
    """Parse `text` with libcst, guarded by CPython's parser. Raises ParseFailure. In a notebook
    (cells compiled one by one), a `from __future__` import may start any cell. `tree`: CPython's
    tree of this very text, when the caller parsed it already (the guard is not run twice)."""
    failure: Optional[ParseFailure] = None
    if tree is None:
        tree, failure = _cpython_parse(text)
    if failure is not None and _beyond_limits(failure):
        raise failure
    if tree is not None and "__future__" in text:
        refused = future_import_failure(tree, late_ok=notebook)
        if refused is not None:
            raise refused
    if tree is not None:
        too_long = _too_long_for_libcst(tree, text)
        if too_long is not None:
            raise too_long
    try:
        with _trusted_construction():
            module = cst.parse_module(text)
    except cst.ParserSyntaxError as err:
        if failure is not None:
            raise failure from None
        reason = " ".join(str(err.message).split()) or "invalid syntax"
        kind = ParserLimitation if tree is not None else ParseFailure  # CPython parsed it: the code is fine
        raise kind(max(err.raw_line, 1), max(err.raw_column, 0) + 1, reason) from None
    except RecursionError:
        raise ParseFailure(1, 1, "too deeply nested to parse") from None
    except MemoryError:
        raise ParseFailure(1, 1, "out of memory while parsing") from None
    except Exception as err:  # the native parser can raise other errors on odd input
        text_msg = " ".join(str(err).split())[:200] or type(err).__name__
        raise ParseFailure(1, 1, f"cannot parse: {text_msg}") from None
    return Parsed(module, tree)


@contextmanager
def _trusted_construction() -> Iterator[None]:
    """While libcst's parser builds the tree: skip per-node validation (parser output is valid by
    construction; measured 11% of parse CPU with the garbage collector paused too). Private libcst
    API, so it degrades to a plain parse if libcst changes."""
    try:
        from libcst._nodes.base import CSTNode
    except ImportError:  # pragma: no cover
        yield
        return
    original = CSTNode.__dict__.get("__post_init__")
    collecting = gc.isenabled()
    if original is not None:
        # a C-level method that takes only `self` and ignores it: no Python frame per node
        CSTNode.__post_init__ = object.__sizeof__  # type: ignore[method-assign,assignment]
    gc.disable()
    try:
        yield
    finally:
        if original is not None:
            CSTNode.__post_init__ = original  # type: ignore[method-assign]
        if collecting:
            gc.enable()


def parse_module(text: str) -> cst.Module:
    return parse(text).module


_LIBCST_MAX_CHAIN = 3000  # libcst nests what CPython keeps flat; measured: it segfaults from ~6,000


def _too_long_for_libcst(tree: ast.Module, text: str) -> Optional[ParseFailure]:
    """`and`/`or` chains and dotted import names: flat in CPython's tree, nested (segfault) in libcst's."""
    if text.count("and") + text.count("or") < _LIBCST_MAX_CHAIN and text.count(".") < _LIBCST_MAX_CHAIN:
        return None  # cheap upper bound: too few operators or dots for a chain that long
    for node in ast.walk(tree):
        if isinstance(node, ast.BoolOp) and len(node.values) > _LIBCST_MAX_CHAIN:
            return ParseFailure(node.lineno, node.col_offset + 1,
                                f"too deeply nested to parse ({len(node.values)} 'and'/'or' operands in one expression)")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
            parts = max(name.count(".") + 1 for name in names)
            if parts > _LIBCST_MAX_CHAIN:
                return ParseFailure(node.lineno, node.col_offset + 1,
                                    f"too deeply nested to parse (a dotted name of {parts} parts)")
    return None


def future_import_failure(tree: ast.Module, late_ok: bool = False) -> Optional[ParseFailure]:
    """What CPython's compiler refuses and `ast.parse` lets through: `from __future__ import braces`,
    unknown features, and future imports after other statements (only a docstring may precede)."""
    import __future__

    allowed_here = True
    for index, statement in enumerate(tree.body):
        is_future = isinstance(statement, ast.ImportFrom) and statement.module == "__future__" and not statement.level
        if is_future:
            for alias in statement.names:  # type: ignore[union-attr]
                if alias.name == "braces":
                    return ParseFailure(statement.lineno, statement.col_offset + 1, "not a chance")
                if alias.name not in __future__.all_feature_names:
                    return ParseFailure(statement.lineno, statement.col_offset + 1,
                                        f"future feature {alias.name} is not defined")
            if not allowed_here and not late_ok:
                return ParseFailure(statement.lineno, statement.col_offset + 1,
                                    "from __future__ imports must occur at the beginning of the file")
            continue
        docstring = (index == 0 and isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
                     and isinstance(statement.value.value, str))
        if not docstring:
            allowed_here = False
    top = {id(statement) for statement in tree.body}
    for node in ast.walk(tree):  # inside a def, a class, an if...: never at the beginning of the file
        if isinstance(node, ast.ImportFrom) and node.module == "__future__" and not node.level and id(node) not in top:
            return ParseFailure(node.lineno, node.col_offset + 1,
                                "from __future__ imports must occur at the beginning of the file")
    return None


def _beyond_limits(failure: ParseFailure) -> bool:
    return any(message in failure.reason for message in _LIMIT_MESSAGES)


def _python_syntax_error(text: str) -> Optional[ParseFailure]:
    """CPython's verdict on `text` (None when it parses)."""
    return _cpython_parse(text)[1]
