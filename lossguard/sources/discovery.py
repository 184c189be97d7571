"""Finding the files to check, the way users of ruff expect.

Folders are walked in sorted order (output is deterministic); version-control folders,
virtualenvs, build output, caches, hidden folders and anything under node_modules are skipped.
Paths given explicitly are always checked, unless `force_exclude` is set and they match an
exclusion (what the pre-commit hook wants).
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", "__pycache__", "node_modules", "build", "dist", "site-packages",
    "venv", ".venv", ".tox", ".nox", ".eggs", ".mypy_cache", ".pytest_cache", ".ruff_cache",
    ".ipynb_checkpoints", ".lossguard_cache", "__pypackages__",
})
SOURCE_SUFFIXES = (".py", ".ipynb")


@dataclass(frozen=True)
class Target:
    display: str  # path as the user will see it
    path: str  # path to open


@dataclass(frozen=True)
class DiscoveryProblem:
    display: str
    message: str


def _forms(display: str, root: str | None) -> list[str]:
    """The path as given, and relative to the current folder and to the project root: patterns
    are written relative to the project, but editors and hooks may pass absolute paths."""
    forms = [os.path.normpath(display)]
    absolute = os.path.abspath(display)
    for base in (os.getcwd(), root):
        if base:
            rel = os.path.relpath(absolute, base)
            if not rel.startswith(".."):
                forms.append(rel)
    out = []
    for form in forms:
        norm = form.replace(os.sep, "/")
        if norm not in out:
            out.append(norm)
    return out


def _matches(display: str, patterns: Sequence[str], root: str | None = None) -> bool:
    if not patterns:
        return False
    for norm in _forms(display, root):
        parts = norm.split("/")
        for pattern in patterns:
            pat = pattern.rstrip("/")
            if pat.startswith("./"):
                pat = pat[2:]
            if fnmatch.fnmatch(norm, pat) or fnmatch.fnmatch(norm, pat + "/*"):
                return True
            if "/" not in pat and any(fnmatch.fnmatch(part, pat) for part in parts):
                return True
    return False


def _is_venv(path: str) -> bool:
    return os.path.exists(os.path.join(path, "pyvenv.cfg"))


def _join(base: str, name: str) -> str:
    if base in (".", "./"):
        return name
    return os.path.join(base, name)


def discover(paths: Iterable[str], exclude: Sequence[str] = (), force_exclude: bool = False,
             root: str | None = None) -> Iterator[Target | DiscoveryProblem]:
    seen: set[str] = set()
    for given in paths:
        if given == "-":
            yield Target(display="-", path="-")
            continue
        if not os.path.lexists(given):
            yield DiscoveryProblem(given, "no such file or directory")
            continue
        try:
            os.stat(given)
        except OSError as err:
            yield DiscoveryProblem(given, (err.strerror or str(err)).lower())
            continue
        if os.path.isdir(given):
            yield from _walk(given, exclude, seen, root)
            continue
        if force_exclude and _matches(given, exclude, root):
            continue
        real = os.path.realpath(given)
        if real not in seen:
            seen.add(real)
            yield Target(display=os.path.normpath(given) if given.startswith("./") else given, path=given)


def _walk(start: str, exclude: Sequence[str], seen: set[str], root: str | None = None
          ) -> Iterator[Target | DiscoveryProblem]:
    stack = [start]
    visited_dirs: set[str] = set()
    while stack:
        folder = stack.pop()
        try:
            real = os.path.realpath(folder)
            if real in visited_dirs:
                continue
            visited_dirs.add(real)
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            yield DiscoveryProblem(folder, (err.strerror or str(err)).lower())
            continue
        subdirs = []
        for entry in entries:
            display = _join(folder, entry.name)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_link = entry.is_symlink()
            except OSError:
                continue
            if is_dir:
                if entry.name in SKIP_DIRS or entry.name.startswith(".") or _is_venv(entry.path):
                    continue
                if _matches(display, exclude, root):
                    continue
                subdirs.append(display)
                continue
            if is_link and (os.path.isdir(entry.path) or not os.path.exists(entry.path)):
                continue  # directory symlinks are not followed (no loops); dangling links are not files
            if not entry.name.endswith(SOURCE_SUFFIXES) or _matches(display, exclude, root):
                continue
            try:
                if not entry.is_file():  # a FIFO would block the read forever; sockets and devices are no source
                    continue
            except OSError:
                continue
            real = os.path.realpath(entry.path)
            if real in seen:
                continue
            seen.add(real)
            yield Target(display=display, path=entry.path)
        # depth-first in sorted order
        stack.extend(reversed(subdirs))
