"""Which rules run on which file: select / ignore / extend-select / per-file-ignores / preview."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field


@dataclass
class Settings:
    select: tuple[str, ...] = ("LG",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    preview: bool = False
    config_path: str | None = None
    project_root: str | None = None
    follow_imports: bool = True  # analyse the project modules a checked file imports (project-wide analysis)
    src: tuple[str, ...] = ()  # extra import roots, relative to the configuration file (default: ".", "src")
    extension: tuple[str, ...] = ()  # more suffixes checked as Python (".pyx"), from `extension = { pyx = "python" }`

    def enabled(self, code: str, preview_rule: bool = False) -> bool:
        if preview_rule and not self.preview:
            return False
        return _resolve(code, tuple(self.select) + tuple(self.extend_select), self.ignore)

    def enabled_for(self, code: str, path: str, preview_rule: bool = False) -> bool:
        if not self.enabled(code, preview_rule):
            return False
        if self.per_file_ignores and any(code.startswith(c) for c in self._ignored_for(path)):
            return False
        return True

    def _ignored_for(self, path: str) -> frozenset[str]:
        """The codes per-file-ignores turns off for `path`: the patterns compiled once, each path
        matched once (20,000 patterns stay fast)."""
        memo = self.__dict__.get("_per_file_memo")
        if memo is None or memo[0] is not self.per_file_ignores or memo[1] != len(self.per_file_ignores):
            memo = (self.per_file_ignores, len(self.per_file_ignores), _PerFileIgnores(self.per_file_ignores), {})
            self.__dict__["_per_file_memo"] = memo
        known: dict[str, frozenset[str]] = memo[3]
        codes = known.get(path)
        if codes is None:
            codes = known[path] = memo[2].codes_for(path, self.project_root)
        return codes

    def fingerprint(self) -> str:
        """Everything that changes results: part of the cache key."""
        items = sorted(self.per_file_ignores.items())
        return repr((self.select, self.extend_select, self.ignore, items, self.preview, self.follow_imports,
                     self.src, self.config_path if self.src else None))


def _resolve(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """Like ruff: the most specific matching prefix decides; on a tie, ignore wins."""
    best_select = max((len(p) for p in select if code.startswith(p) or p == "ALL"), default=-1)
    best_ignore = max((len(p) for p in ignore if code.startswith(p) or p == "ALL"), default=-1)
    if best_select < 0:
        return False
    return best_select > best_ignore


class _PerFileIgnores:
    """`_path_matches` for every pattern at once (same rules), with the codes of each pattern."""

    def __init__(self, table: dict[str, tuple[str, ...]]):
        from lossguard.sources.discovery import GlobSet

        self.codes = list(table.values())
        self.direct = GlobSet(list(table))
        self.folders = GlobSet([pattern.rstrip("/") for pattern in table])

    def codes_for(self, path: str, root: str | None) -> frozenset[str]:
        from lossguard.sources.discovery import heads

        hits: set[int] = set()
        for cand in _candidates(path, root):
            hits.update(self.direct.matching(cand))
            hits.update(self.direct.matching(os.path.basename(cand)))
            for head in heads(cand):
                hits.update(self.folders.matching(head))
        return frozenset(code for index in hits for code in self.codes[index])


def _candidates(path: str, root: str | None) -> set[str]:
    norm = path.replace(os.sep, "/")
    candidates = {norm, norm.lstrip("./")}
    if root:
        try:
            candidates.add(os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/"))
        except ValueError:
            pass
    return candidates


def _path_matches(path: str, pattern: str, root: str | None) -> bool:
    norm = path.replace(os.sep, "/")
    candidates = {norm, norm.lstrip("./")}
    if root:
        try:
            candidates.add(os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/"))
        except ValueError:
            pass
    for cand in candidates:
        if fnmatch.fnmatch(cand, pattern) or fnmatch.fnmatch(os.path.basename(cand), pattern):
            return True
        if fnmatch.fnmatch(cand, pattern.rstrip("/") + "/*"):
            return True
    return False
