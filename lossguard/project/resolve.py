"""Module names to files, the way Python's path finder does it, without importing anything.

For each import root in order, a component `a` is a regular package (`a/__init__.py`), a module
(`a.py`) or a portion of a namespace package (a folder `a/` without `__init__.py`); the first root
with a package or a module wins, namespace portions are merged across roots. Relative imports
(`from .model import Net`, `from ..utils import *`) are resolved from the importing file's folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional, Sequence


@dataclass(frozen=True)
class ModuleFile:
    """A module of the project: its file (a package's `__init__.py`), or None for a namespace
    package, and the folders its submodules live in (empty for a plain module)."""

    name: str  # the dotted name it was imported as ("" when only reached relatively)
    path: Optional[str]  # absolute, normalised
    package_dirs: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Identity of the module within a program (a file, or a namespace package's folders)."""
        return self.path or "|".join(self.package_dirs)

    @property
    def is_package(self) -> bool:
        return bool(self.package_dirs)


def _find_in(dirs: Sequence[str], name: str, dotted: str) -> Optional[ModuleFile]:
    portions: list[str] = []
    for folder in dirs:
        package = os.path.join(folder, name)
        init = os.path.join(package, "__init__.py")
        if os.path.isfile(init):
            return ModuleFile(dotted, init, (package,))
        module = os.path.join(folder, name + ".py")
        if os.path.isfile(module):
            return ModuleFile(dotted, module)
        if os.path.isdir(package):
            portions.append(package)
    if portions:
        return ModuleFile(dotted, None, tuple(portions))
    return None


def _walk(dirs: Sequence[str], parts: Sequence[str], prefix: str) -> Optional[ModuleFile]:
    found: Optional[ModuleFile] = None
    dotted = prefix
    for part in parts:
        if not part.isidentifier():
            return None
        dotted = f"{dotted}.{part}" if dotted else part
        found = _find_in(dirs, part, dotted)
        if found is None:
            return None
        dirs = found.package_dirs
    return found


class Resolver:
    """Resolves imports for the programs of one run (results memoised: the file system is read once)."""

    def __init__(self, roots: Sequence[str]):
        self.roots = tuple(os.path.abspath(r) for r in roots)
        self._absolute: dict[str, Optional[ModuleFile]] = {}

    def absolute(self, dotted: str) -> Optional[ModuleFile]:
        """`import a.b.c` / `from a.b import c`: the module `a.b.c` if it is a project file."""
        if dotted not in self._absolute:
            self._absolute[dotted] = _walk(self.roots, dotted.split("."), "") if dotted else None
        return self._absolute[dotted]

    @staticmethod
    def relative(importer: str, level: int, dotted: str) -> Optional[ModuleFile]:
        """`from .x import y` in file `importer` (level = number of dots)."""
        folder = os.path.dirname(os.path.abspath(importer))
        for _ in range(level - 1):
            parent = os.path.dirname(folder)
            if parent == folder:
                return None
            folder = parent
        if not dotted:
            init = os.path.join(folder, "__init__.py")
            return ModuleFile("", init if os.path.isfile(init) else None, (folder,))
        return _walk((folder,), dotted.split("."), "")

    @staticmethod
    def submodule(package: ModuleFile, name: str) -> Optional[ModuleFile]:
        """`pkg.name` as a submodule of a package (`from pkg import name`, attribute access)."""
        if not package.package_dirs or not name.isidentifier():
            return None
        dotted = f"{package.name}.{name}" if package.name else name
        return _find_in(package.package_dirs, name, dotted)
