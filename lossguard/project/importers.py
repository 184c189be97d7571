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


def _code_text(path: str) -> Optional[str]:
    try:
        data = read_bytes(path)
    except SourceError:
        return None
    if len(data) > 4 * MAX_ANALYSED_CHARS or b"import" not in data:
        return None
    if path.endswith(".ipynb"):
        from lossguard.sources.notebook import read_notebook

        try:
            return read_notebook(path, data).text
        except SourceError:
            return None
    return data.decode("utf-8", "replace")


def find_importers(checked: Sequence[str], given: Iterable[str], src: Sequence[str] = (),
                   config_root: Optional[str] = None) -> list[str]:
    """Project files that import one of the `checked` files (absolute paths, sorted), except the
    checked files themselves. `given`: the paths the user named (folders named whole are skipped)."""
    checked_real = {os.path.realpath(p) for p in checked if p != "-" and os.path.isfile(p)}
    if not checked_real:
        return []
    named_folders = [os.path.realpath(p) for p in given if os.path.isdir(p)]
    roots = set()
    for path in checked_real:
        root = project_root_of(os.path.dirname(path))
        if root is not None and not any(root == f or root.startswith(f + os.sep) for f in named_folders):
            roots.add(root)
    reverse: dict[str, set[str]] = {}
    for root in sorted(roots):
        files = _project_files(root)
        if files is None:
            continue  # too big to scan on every run
        for path in files:
            real = os.path.realpath(path)
            text = _code_text(path)
            if text is None:
                continue
            loader = ProjectLoader.for_entry(path, src, config_root)
            for imported in _imported_files(loader, path, text):
                reverse.setdefault(os.path.realpath(imported), set()).add(real)
    found: set[str] = set()
    pending = list(checked_real)
    while pending:
        module = pending.pop()
        for importer in reverse.get(module, ()):
            if importer not in found and importer not in checked_real:
                found.add(importer)
                pending.append(importer)
    return sorted(found)
