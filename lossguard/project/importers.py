"""Which files of the project import a checked file: its importers, found without parsing.

When pre-commit passes only `models/net.py`, the mistake in it may only show in `train.py`, the
program that trains the model. So a run also analyses the project files that import a checked file,
directly or through other modules, and keeps only the findings that touch a checked file
(findings/merge.py). Import lines are found by a text scan (the prefilter's, loader.py), resolved
as the importing file's own program would resolve them. Folders the user named whole are not
scanned again: every file in them is checked anyway.
"""

from __future__ import annotations

import os
from typing import Iterable, Optional, Sequence

from lossguard.project.loader import ProjectLoader, _imported_files
from lossguard.project.roots import project_root_of
from lossguard.sources.files import MAX_ANALYSED_CHARS, SourceError, read_bytes

MAX_PROJECT_FILES = 5000  # larger trees are not scanned for importers (the checked files still are)
_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules", "build", "dist", "site-packages",
                        "venv", ".venv", ".tox", ".nox", ".eggs", ".ipynb_checkpoints", ".lossguard_cache"})


def _project_files(root: str) -> Optional[list[str]]:
    out: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")
                         and not os.path.exists(os.path.join(folder, d, "pyvenv.cfg")))
        for name in sorted(files):
            if name.endswith((".py", ".ipynb")):
                out.append(os.path.join(folder, name))
                if len(out) > MAX_PROJECT_FILES:
                    return None
    return out


def _code_text(path: str, data: bytes) -> Optional[str]:
    if path.endswith(".ipynb"):
        from lossguard.sources.notebook import read_notebook

        try:
            return read_notebook(path, data).text
        except SourceError:
            return None
    return data.decode("utf-8", "replace")


def _names_of(module: str) -> tuple[bytes, ...]:
    """Words an import of this file must contain: its module name (a package: its folder's)."""
    stem = os.path.splitext(os.path.basename(module))[0]
    if stem == "__init__":
        stem = os.path.basename(os.path.dirname(module))
    return (stem.encode(),)


def find_importers(checked: Sequence[str], given: Iterable[str], src: Sequence[str] = (),
                   config_root: Optional[str] = None) -> list[str]:
    """Project files that import one of the `checked` files (absolute paths, sorted), except the
    checked files themselves. `given`: the paths the user named (folders named whole are skipped)."""
    checked_real = {os.path.realpath(p) for p in checked if p != "-" and os.path.isfile(p)}
    if not checked_real:
        return []
    named_folders = [os.path.realpath(p) for p in given if os.path.isdir(p)]
    roots = set()
    cwd = os.path.realpath(os.getcwd())
    for path in checked_real:
        root = project_root_of(os.path.dirname(path))
        if root is None and path.startswith(cwd + os.sep):
            root = cwd  # no project marker: the folder lossguard runs in (as import_roots has it)
        if root is not None and not any(root == f or root.startswith(f + os.sep) for f in named_folders):
            roots.add(root)
    contents: dict[str, tuple[str, bytes]] = {}  # real path → (path, bytes) of the files that import anything
    for root in sorted(roots):
        files = _project_files(root)
        for path in files or ():
            try:
                data = read_bytes(path)
            except SourceError:
                continue
            if b"import" in data and len(data) <= 4 * MAX_ANALYSED_CHARS:
                contents.setdefault(os.path.realpath(path), (path, data))
    found: set[str] = set()
    pending = sorted(checked_real)
    resolved: dict[str, set[str]] = {}  # importer → the project files it imports (computed on demand)
    while pending:
        module = pending.pop()
        names = _names_of(module)
        for real, (path, data) in contents.items():
            if real in found or real in checked_real or not any(n in data for n in names):
                continue
            imports = resolved.get(real)
            if imports is None:
                text = _code_text(path, data)
                loader = ProjectLoader.for_entry(path, src, config_root)
                imports = resolved[real] = ({os.path.realpath(f) for f in _imported_files(loader, path, text)}
                                            if text is not None else set())
            if module in imports:
                found.add(real)
                pending.append(real)
    return sorted(found)
