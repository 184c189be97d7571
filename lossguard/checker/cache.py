"""Result cache: an unchanged tree re-checks almost instantly.

Entries are keyed by the file's content hash and display path, inside a file named after the
lossguard version and the effective configuration, so any change to either starts afresh. The
cache folder (`.lossguard_cache`, next to the configuration file or in the current folder) ignores
itself in git and carries a CACHEDIR.TAG. Nothing here imports libcst: a warm run never parses.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from typing import Optional, Sequence

from lossguard import __version__
from lossguard.findings.model import Dependencies, FileProblem, FileResult, Finding
from lossguard.project.deps import dependencies_changed
from lossguard.config.settings import Settings

CACHE_DIR_NAME = ".lossguard_cache"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# lossguard result cache\n"


def code_fingerprint() -> str:
    """The installed lossguard code itself (an editable install changes without a version bump)."""
    import lossguard

    roots = [os.path.dirname(lossguard.__file__)]
    try:
        import lossguard.rules as rules_pkg

        roots.append(os.path.dirname(rules_pkg.__file__))
    except ImportError:  # pragma: no cover
        pass
    newest, count = 0, 0
    for root in roots:
        for folder, _, files in os.walk(root):
            for name in files:
                if name.endswith(".py"):
                    try:
                        newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime_ns)
                        count += 1
                    except OSError:
                        pass
    return f"{newest}-{count}"


def content_key(display: str, data: bytes) -> str:
    return hashlib.sha1(data).hexdigest() + ":" + display


class Cache:
    def __init__(self, folder: str, settings: Settings):
        self.folder = folder
        fingerprint = hashlib.sha1(f"{__version__}|{code_fingerprint()}|{settings.fingerprint()}".encode()).hexdigest()[:16]
        self.file = os.path.join(folder, f"results-{fingerprint}.json")
        self.entries: dict[str, dict] = {}
        self.dirty = False
        self.used: set[str] = set()
        self._digests: dict = {}  # dependency files hashed in this run
        try:
            with open(self.file, encoding="utf-8") as handle:
                data = json.load(handle)
            if isinstance(data, dict) and data.get("version") == __version__:
                self.entries = data.get("entries", {})
        except (OSError, ValueError):
            self.entries = {}

    @classmethod
    def open(cls, cache_dir: Optional[str], paths: Sequence[str], settings: Settings) -> "Cache":
        if cache_dir is None:
            root = settings.project_root or os.getcwd()
            cache_dir = os.path.join(root, CACHE_DIR_NAME)
        return cls(cache_dir, settings)

    def get(self, key: str) -> Optional[FileResult]:
        entry = self.entries.get(key)
        if entry is None:
            return None
        deps = Dependencies.from_json(entry["deps"]) if entry.get("deps") is not None else None
        if deps is not None and dependencies_changed(deps.files, deps.roots, deps.missing, self._digests):
            return None  # an imported module changed (or a missing one appeared): check again
        self.used.add(key)
        return FileResult(path=entry["path"], findings=[Finding.from_json(f) for f in entry["findings"]],
                          problems=[FileProblem(p["path"], p["message"], p.get("fatal", True)) for p in entry["problems"]],
                          deps=deps)

    def put(self, key: str, result: FileResult) -> None:
        if any(p.message.startswith("internal error") for p in result.problems):
            return  # never cache our own failures
        self.entries[key] = {
            "path": result.path,
            "findings": [f.to_json() for f in result.findings],
            "problems": [{"path": p.path, "message": p.message, "fatal": p.fatal} for p in result.problems],
            "deps": result.deps.to_json() if result.deps is not None else None,
        }
        self.used.add(key)
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            os.makedirs(self.folder, exist_ok=True)
            gitignore = os.path.join(self.folder, ".gitignore")
            if not os.path.exists(gitignore):
                with open(gitignore, "w", encoding="utf-8") as handle:
                    handle.write("# Automatically created by lossguard.\n*\n")
                with open(os.path.join(self.folder, "CACHEDIR.TAG"), "w", encoding="utf-8") as handle:
                    handle.write(_TAG)
            # keep only entries seen in this run or previous ones still small enough
            entries = self.entries if len(self.entries) < 200_000 else {k: self.entries[k] for k in self.used}
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"version": __version__, "entries": entries}, handle, separators=(",", ":"))
            os.replace(tmp, self.file)
        except OSError:
            pass  # a read-only tree still gets checked, just not cached
