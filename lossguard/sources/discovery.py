"""Finding the files to check, the way users of ruff expect.

Folders are walked in sorted order (output is deterministic); version-control folders,
virtualenvs, build output, caches, hidden folders and anything under node_modules are skipped.
Paths given explicitly are always checked, unless `force_exclude` is set and they match an
exclusion (what the pre-commit hook wants), or they are not Python: like ruff, a file named explicitly
whose extension is not a Python one (`README.md`) is skipped with a one-line notice (exit status 0
for it); a file without an extension is checked (scripts with a shebang). `extension` in the
configuration adds suffixes (`pyx = "python"`), for folders and for explicit files.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Sequence

SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", "__pycache__", "node_modules", "build", "dist", "site-packages",
    "venv", ".venv", ".tox", ".nox", ".eggs", ".mypy_cache", ".pytest_cache", ".ruff_cache",
    ".ipynb_checkpoints", ".lossguard_cache", "__pypackages__",
})
SOURCE_SUFFIXES = (".py", ".ipynb")
PYTHON_SUFFIXES = (".py", ".pyi", ".pyw", ".ipynb")  # what a file named explicitly may end in
NOT_PYTHON = "skipped: not a Python file or notebook (.py, .pyi, .pyw, .ipynb)"


@dataclass(frozen=True)
class Target:
    display: str  # path as the user will see it
    path: str  # path to open


@dataclass(frozen=True)
class DiscoveryProblem:
    display: str
    message: str
    fatal: bool = True  # False for a notice (a non-Python file named explicitly)


def is_python_name(path: str, extra: Sequence[str] = ()) -> bool:
    """A name lossguard checks when it is given explicitly: a Python suffix, or no suffix at all."""
    suffix = os.path.splitext(os.path.basename(path))[1].lower()
    return not suffix or suffix in PYTHON_SUFFIXES or suffix in extra


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
    """Does `display` match an exclusion: the whole path (or a folder above it) matches a pattern,
    or, for a pattern without "/", any one component does. The patterns are compiled once per
    pattern list (50,000 patterns: a tree walk stays fast)."""
    if not patterns:
        return False
    return _exclusions(patterns).matches(display, root)


class GlobSet:
    """Many fnmatch patterns compiled once. `match(text)`: does any pattern match all of `text`;
    `matching(text)`: the indices of those that do. Patterns are indexed by their literal prefix
    (the text before the first wildcard), so a text is tried only against patterns that can match
    it; patterns that start with a wildcard are tried together, in a few compiled alternations."""

    _CHUNK = 1000

    def __init__(self, patterns: Sequence[str]):
        self.patterns = [os.path.normcase(p) for p in patterns]
        self._literal: dict[str, list[int]] = {}
        self._prefixed: dict[str, list[int]] = {}
        self._leading: list[int] = []
        self._compiled: dict[int, re.Pattern[str]] = {}
        self._leading_any: Optional[list[re.Pattern[str]]] = None
        for index, pattern in enumerate(self.patterns):
            wild = _WILDCARD.search(pattern)
            if wild is None:
                self._literal.setdefault(pattern, []).append(index)
            elif wild.start() == 0:
                self._leading.append(index)
            else:
                self._prefixed.setdefault(pattern[:wild.start()], []).append(index)
        self._lengths = sorted({len(prefix) for prefix in self._prefixed})

    def _regex(self, index: int) -> re.Pattern[str]:
        found = self._compiled.get(index)
        if found is None:
            found = self._compiled[index] = re.compile(fnmatch.translate(self.patterns[index]))
        return found

    def _candidates(self, text: str) -> Iterator[int]:
        for length in self._lengths:
            if length > len(text):
                break
            yield from self._prefixed.get(text[:length], ())

    def match(self, text: str) -> bool:
        text = os.path.normcase(text)
        if text in self._literal or any(self._regex(i).match(text) for i in self._candidates(text)):
            return True
        if not self._leading:
            return False
        if self._leading_any is None:
            chunks = [self._leading[i:i + self._CHUNK] for i in range(0, len(self._leading), self._CHUNK)]
            self._leading_any = [re.compile("|".join(fnmatch.translate(self.patterns[i]) for i in chunk))
                                 for chunk in chunks]
        return any(regex.match(text) for regex in self._leading_any)

    def matching(self, text: str) -> list[int]:
        text = os.path.normcase(text)
        found = list(self._literal.get(text, ()))
        found.extend(i for i in self._candidates(text) if self._regex(i).match(text))
        found.extend(i for i in self._leading if self._regex(i).match(text))
        return found


_WILDCARD = re.compile(r"[*?[]")


def heads(path: str) -> list[str]:
    """The folders above a "/"-separated path: "a/b/c.py" → ["a", "a/b"] (what `pattern/*` reaches)."""
    parts = path.split("/")
    return ["/".join(parts[:k]) for k in range(1, len(parts))]


class _Exclusions:
    def __init__(self, patterns: Sequence[str]):
        cleaned = []
        for pattern in patterns:
            pat = pattern.rstrip("/")
            cleaned.append(pat[2:] if pat.startswith("./") else pat)
        self.whole = GlobSet(cleaned)
        self.component = GlobSet([p for p in cleaned if "/" not in p])

    def matches(self, display: str, root: str | None) -> bool:
        for norm in _forms(display, root):
            if self.whole.match(norm) or any(self.whole.match(head) for head in heads(norm)):
                return True
            if any(self.component.match(part) for part in norm.split("/")):
                return True
        return False


_EXCLUSIONS: dict[int, tuple[Sequence[str], _Exclusions]] = {}


def _exclusions(patterns: Sequence[str]) -> _Exclusions:
    known = _EXCLUSIONS.get(id(patterns))
    if known is not None and known[0] is patterns:
        return known[1]
    compiled = _Exclusions(patterns)
    if len(_EXCLUSIONS) > 16:
        _EXCLUSIONS.clear()
    _EXCLUSIONS[id(patterns)] = (patterns, compiled)  # the list is kept alive, so its id stays its own
    return compiled


def _is_venv(path: str) -> bool:
    return os.path.exists(os.path.join(path, "pyvenv.cfg"))


def _join(base: str, name: str) -> str:
    if base in (".", "./"):
        return name
    return os.path.join(base, name)


def discover(paths: Iterable[str], exclude: Sequence[str] = (), force_exclude: bool = False,
             root: str | None = None, extension: Sequence[str] = ()) -> Iterator[Target | DiscoveryProblem]:
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
            yield from _walk(given, exclude, seen, root, tuple(extension))
            continue
        if force_exclude and _matches(given, exclude, root):
            continue
        if not is_python_name(given, extension):
            yield DiscoveryProblem(given, NOT_PYTHON, fatal=False)
            continue
        real = os.path.realpath(given)
        if real not in seen:
            seen.add(real)
            yield Target(display=os.path.normpath(given) if given.startswith("./") else given, path=given)


def _walk(start: str, exclude: Sequence[str], seen: set[str], root: str | None = None,
          extension: tuple[str, ...] = ()) -> Iterator[Target | DiscoveryProblem]:
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
            if not entry.name.endswith(SOURCE_SUFFIXES + extension) or _matches(display, exclude, root):
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
