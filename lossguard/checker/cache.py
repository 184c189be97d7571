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
            if isinstance(data, dict) and data.get("version") == __version__ and isinstance(data.get("entries"), dict):
                self.entries = data["entries"]
        except (OSError, ValueError, RecursionError):  # unreadable, not JSON, not UTF-8, nested too deep
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
        seal = _seal(entry) if isinstance(entry, dict) else None
        if seal is None or entry.get("seal") != seal or not _valid_entry(entry):
            # a damaged or foreign entry is dropped, never trusted or crashed on: the structure check
            # catches what would crash, the seal catches damage that is still well-formed (a list of
            # findings emptied, a line number changed)
            del self.entries[key]
            self.dirty = True
            return None
        deps = Dependencies.from_json(entry["deps"]) if entry.get("deps") is not None else None
        if deps is not None and dependencies_changed(deps.files, deps.roots, deps.missing, self._digests):
            return None  # an imported module changed (or a missing one appeared): check again
        self.used.add(key)
        return FileResult(path=entry["path"], findings=[Finding.from_json(f) for f in entry["findings"]],
                          problems=[FileProblem(p["path"], p["message"], p.get("fatal", True)) for p in entry["problems"]],
                          deps=deps, superseded=[Finding.from_json(f) for f in entry.get("superseded", [])])

    def put(self, key: str, result: FileResult) -> None:
        if any(p.message.startswith("internal error") for p in result.problems):
            return  # never cache our own failures
        entry = {
            "path": result.path,
            "findings": [f.to_json() for f in result.findings],
            "problems": [{"path": p.path, "message": p.message, "fatal": p.fatal} for p in result.problems],
            "deps": result.deps.to_json() if result.deps is not None else None,
            "superseded": [f.to_json() for f in result.superseded],
        }
        entry["seal"] = _seal(entry)
        self.entries[key] = entry
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
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump({"version": __version__, "entries": entries}, handle, separators=(",", ":"))
                os.replace(tmp, self.file)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            pass  # a read-only tree (or a folder where the cache file should be) is checked, just not cached


# ----------------------------------------------------------------------------- what a valid entry is
def _seal(entry: dict) -> Optional[str]:
    """A digest of everything in the entry but the seal itself, in a canonical form."""
    body = {k: v for k, v in entry.items() if k != "seal"}
    try:
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return None
    return hashlib.sha1(text.encode("ascii")).hexdigest()


_OPTIONAL_INT = (int, type(None))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _valid_entry(entry: object) -> bool:
    """An entry exactly as `put` writes it (types included): anything else is a damaged cache."""
    if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
        return False
    findings, problems, deps = entry.get("findings"), entry.get("problems"), entry.get("deps")
    if not isinstance(findings, list) or not all(_valid_finding(f) for f in findings):
        return False
    superseded = entry.get("superseded", [])
    if not isinstance(superseded, list) or not all(_valid_finding(f) and isinstance(f.get("superseded_by"), str)
                                                   for f in superseded):
        return False
    if not isinstance(problems, list) or not all(
            isinstance(p, dict) and isinstance(p.get("path"), str) and isinstance(p.get("message"), str)
            and isinstance(p.get("fatal", True), bool) for p in problems):
        return False
    return deps is None or _valid_deps(deps)


def _valid_finding(f: object) -> bool:
    if not isinstance(f, dict):
        return False
    if not all(isinstance(f.get(k), str) for k in ("rule", "name", "severity", "path", "message")):
        return False
    if not (_is_int(f.get("line")) and _is_int(f.get("column")) and isinstance(f.get("hint", ""), str)):
        return False
    if not all(isinstance(f.get(k), _OPTIONAL_INT) and not isinstance(f.get(k), bool)
               for k in ("end_line", "end_column", "cell")):
        return False
    related, fix, facts = f.get("related", []), f.get("fix"), f.get("facts")
    if not isinstance(related, list) or not all(
            isinstance(r, dict) and isinstance(r.get("path"), str) and _is_int(r.get("line"))
            and _is_int(r.get("column")) and isinstance(r.get("message"), str)
            and isinstance(r.get("cell"), _OPTIONAL_INT) for r in related):
        return False
    if fix is not None and not (isinstance(fix, dict) and isinstance(fix.get("message"), str)
                                and isinstance(fix.get("applicability"), str)):
        return False
    return facts is None or isinstance(facts, dict)


def _valid_deps(deps: object) -> bool:
    if not isinstance(deps, dict):
        return False
    files, roots, missing = deps.get("files", []), deps.get("roots", []), deps.get("missing", [])
    return (isinstance(files, list) and all(isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f)
                                            for f in files)
            and isinstance(roots, list) and all(isinstance(r, str) for r in roots)
            and isinstance(missing, list) and all(isinstance(m, str) for m in missing))
