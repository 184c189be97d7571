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
import re
from dataclasses import replace
from typing import Iterable, Optional, Sequence

from lossguard.project.loader import ImportBinding, ProjectLoader, imported_bindings
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
    exposure: dict[str, Optional[frozenset[str]]] = {p: None for p in checked_real}  # see _reaches
    pending = sorted(checked_real)
    bindings: dict[str, list[ImportBinding]] = {}  # importer → what it imports (computed on demand)
    texts: dict[str, Optional[str]] = {}
    while pending:
        module = pending.pop()
        names = _names_of(module)
        for real, (path, data) in contents.items():
            if real in checked_real or not any(n in data for n in names):
                continue
            if real not in bindings:
                text = texts[real] = _code_text(path, data)
                loader = ProjectLoader.for_entry(path, src, config_root)
                bindings[real] = [replace(b, path=os.path.realpath(b.path))
                                  for b in imported_bindings(loader, path, text)] if text is not None else []
            taken = [b for b in bindings[real] if b.path == module]
            if not taken or not _reaches(real, taken, exposure[module], texts[real] or ""):
                continue
            exposed = _exposure(real, taken, exposure[module], texts[real] or "")
            if real in exposure:  # reached before: through more names now?
                before = exposure[real]
                if before is None or (exposed is not None and exposed <= before):
                    continue
                exposed = None if exposed is None else before | exposed
            exposure[real] = exposed
            pending.append(real)
    return sorted(p for p in exposure if p not in checked_real)


# the program of a file that reads a module's names at run time may use any of them
_DYNAMIC = re.compile(r"__dict__|\bgetattr\(|\bvars\(|import_module\(|__import__\(")
_TOP_NAME = re.compile(r"^(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)|^(\w+)[ \t]*(?::[^=\n]*)?=(?!=)", re.MULTILINE)


def _reaches(path: str, taken: list[ImportBinding], exposed: Optional[frozenset[str]], text: str) -> bool:
    """Can the importer's program reach the checked file through these imports of a module?

    A module's exposure is the set of its names through which the checked file is reached, or None
    for all of them. A plain module counts whole (any of its functions may use the checked file); a
    package's `__init__.py` that only re-exports counts through the names it took from it: the 190
    files importing `aeon.classification` for another estimator never reach the checked one."""
    if exposed is None:
        return True
    if any(b.kind == "names" and any(name in exposed for name, _ in b.names) for b in taken):
        return True
    if any(b.kind in ("star", "module") for b in taken):
        if os.path.basename(path) == "__init__.py":
            return True  # a re-export of the module, or of its names: its own importers are filtered
        return bool(_DYNAMIC.search(text)) or any(re.search(rf"\b{re.escape(n)}\b", text) for n in exposed)
    return False


def _exposure(path: str, taken: list[ImportBinding], exposed: Optional[frozenset[str]], text: str
              ) -> Optional[frozenset[str]]:
    """The names of an importer through which the checked file is reached: all (None) for a plain
    module; for a package's `__init__.py`, the names it took from the module that reach it, and the
    names it defines itself (their code may use them)."""
    if os.path.basename(path) != "__init__.py":
        return None
    out: set[str] = set()
    for binding in taken:
        if binding.kind == "star":
            if exposed is None:
                return None  # every public name of a plain module: read it as all
            out |= exposed
        else:
            out |= {bound for name, bound in binding.names if binding.kind == "module" or exposed is None
                    or name in exposed}
    out |= {a or b for a, b in _TOP_NAME.findall(text)} - {"__all__", "__version__"}
    return frozenset(out)
