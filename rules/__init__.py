"""The lossguard rule catalogue: one module per rule, discovered at import time.

Each `lgNNN_*.py` module defines one `Rule` subclass with its code, name, severity, documentation
(the module docstring), VALID/INVALID examples and a `check(facts)` method. Adding a rule means
adding a module here: the engine does not change.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from lossguard.rules.base import Rule


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    found: list[Rule] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("lg"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value is not Rule and value.__module__ == module.__name__:
                found.append(value())
    found.sort(key=lambda r: r.code)
    codes = [r.code for r in found]
    if len(codes) != len(set(codes)):
        raise RuntimeError(f"duplicate rule codes in rules/: {codes}")
    return tuple(found)
