"""The local modules a program reads: found by the resolver, read and parsed once per process.

A program (one checked file and everything it imports from the project) asks its `ProjectLoader`
for modules by name; the loader resolves them (resolve.py), and the process-wide `ModuleStore`
reads and parses each file once, keeping the parsed trees of recently used modules (bounded by
their size: a parsed tree costs ~30 bytes per character of source, measured). Every module a program read
is recorded with its content hash: the result cache of the program depends on them.
"""

from __future__ import annotations

import os
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional, Sequence

from lossguard.project.deps import digest_of, file_signature as _signature
from lossguard.project.resolve import ModuleFile, Resolver
from lossguard.project.roots import import_roots
from lossguard.sources.files import MAX_ANALYSED_CHARS, SourceError, SourceFile, decode_python, read_bytes

if TYPE_CHECKING:  # libcst is imported only when a module is parsed (a non-ML file needs none)
    from lossguard.sources.parsing import Parsed

# ~250 MB of parsed trees. A bound below a tree's working set makes LRU read every module anew in each
# program: aeon/classification (102 files) re-parsed 5004 modules in 105 s at 500k, 332 in 36 s at 4M
STORE_MAX_CHARS = 8_000_000
MAX_IMPORT_DEPTH = 64  # import chains deeper than this are not followed (UNKNOWN)


@dataclass
class LocalModule:
    """A parsed module of the project."""

    file: ModuleFile
    source: SourceFile  # path: the absolute file path (the entry module: its display path)
    parsed: "Parsed"
    digest: str  # sha1 of the file's bytes

    @property
    def path(self) -> str:
        return self.file.path or ""


@dataclass
class _Entry:
    signature: tuple[int, int, int]
    digest: str
    module: Optional[LocalModule]  # None: unreadable, too large or not parseable


class ModuleStore:
    """Parsed modules by real path, validated by size, modification time and inode."""

    def __init__(self, max_chars: int = STORE_MAX_CHARS):
        self.max_chars = max_chars
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._chars = 0
        self.parses = 0  # how many files this store parsed (tests, benchmarks)
        self._real: dict[str, str] = {}  # path → real path
        self._plain: dict[str, tuple] = {}  # real path → (signature, plain, sha1)
        self._trees: dict[str, tuple] = {}  # real path → (signature, CPython tree) of the plainness check

    def plain(self, file: ModuleFile) -> tuple[bool, str]:
        """(is the module plain (project/plain.py), sha1 of its bytes); a namespace package is plain."""
        path = file.path
        if path is None:
            return True, ""
        real = self._real.get(path)
        if real is None:
            real = self._real[path] = os.path.realpath(path)
        signature = _signature(real)
        known = self._plain.get(real)
        if known is not None and known[0] == signature:
            return known[1], known[2]
        from lossguard.project.plain import cpython_tree, is_plain_tree

        parsed = self._entries.get(real)
        if parsed is not None and parsed.signature == signature and parsed.module is not None \
                and parsed.module.parsed.tree is not None:  # parsed already: its CPython tree answers
            answer = (is_plain_tree(parsed.module.parsed.tree), parsed.digest)
        else:
            try:
                data = read_bytes(real)
                text = decode_python(data)[0]
                tree = cpython_tree(text)
                answer = (tree is not None and is_plain_tree(tree), digest_of(data))
                if tree is not None:
                    self._trees[real] = (signature, tree)  # the parse for analysis reuses it
                    while len(self._trees) > 64:
                        self._trees.pop(next(iter(self._trees)))
            except SourceError:
                answer = (False, "")
        self._plain[real] = (signature, *answer)
        return answer

    def parsed(self, path: str, digest: str) -> Optional["Parsed"]:
        """The parse of a checked file, when this process already parsed the same content."""
        entry = self._entries.get(os.path.realpath(path))
        if entry is not None and entry.digest == digest and entry.module is not None:
            return entry.module.parsed
        return None

    def get(self, file: ModuleFile) -> Optional[_Entry]:
        path = file.path
        if path is None:
            return None
        real = self._real.get(path)
        if real is None:
            real = self._real[path] = os.path.realpath(path)
        signature = _signature(real)
        if signature is None:
            return None
        entry = self._entries.get(real)
        if entry is not None and entry.signature == signature:
            self._entries.move_to_end(real)
            return entry
        entry = self._read(file, real, signature)
        self._put(real, entry)
        return entry

    def remember(self, path: str, data: bytes, source: SourceFile, parsed: "Parsed") -> None:
        """A checked file parsed by the checker: later programs importing it reuse the tree."""
        real = os.path.realpath(path)
        signature = _signature(real)
        if signature is None or source.is_notebook:
            return
        module = LocalModule(ModuleFile("", os.path.abspath(path)), SourceFile(
            path=os.path.abspath(path), text=source.text, encoding=source.encoding, bom=source.bom), parsed,
            digest_of(data))
        self._put(real, _Entry(signature, module.digest, module))

    def _read(self, file: ModuleFile, real: str, signature: tuple[int, int, int]) -> _Entry:
        try:
            data = read_bytes(real)
        except SourceError:
            return _Entry(signature, "", None)
        digest = digest_of(data)
        try:
            text, encoding, bom = decode_python(data)
        except SourceError:
            return _Entry(signature, digest, None)
        if len(text) > MAX_ANALYSED_CHARS:
            return _Entry(signature, digest, None)
        from lossguard.sources.parsing import ParseFailure, parse

        known = self._trees.pop(real, None)
        try:
            parsed = parse(text, tree=known[1] if known is not None and known[0] == signature else None)
        except (ParseFailure, RecursionError, MemoryError):
            return _Entry(signature, digest, None)
        self.parses += 1
        source = SourceFile(path=file.path or real, text=text, encoding=encoding, bom=bom)
        return _Entry(signature, digest, LocalModule(file, source, parsed, digest))

    def _put(self, real: str, entry: _Entry) -> None:
        old = self._entries.pop(real, None)
        if old is not None and old.module is not None:
            self._chars -= len(old.module.source.text)
        self._entries[real] = entry
        if entry.module is not None:
            self._chars += len(entry.module.source.text)
        while self._chars > self.max_chars and len(self._entries) > 1:
            _, evicted = self._entries.popitem(last=False)
            if evicted.module is not None:
                self._chars -= len(evicted.module.source.text)


STORE = ModuleStore()


@dataclass
class ProjectLoader:
    """The project as one program sees it: its import roots, and the modules it has read."""

    entry_path: str  # the checked file (absolute)
    roots: tuple[str, ...]
    store: ModuleStore = field(default_factory=lambda: STORE)
    deps: dict[str, str] = field(default_factory=dict)  # absolute path → sha1 of every module read
    missing: set[str] = field(default_factory=set)  # names asked for that are no project module

    def __post_init__(self) -> None:
        self.resolver = Resolver(self.roots)

    @classmethod
    def for_entry(cls, entry_path: str, src: Sequence[str] = (), config_root: Optional[str] = None,
                  store: Optional[ModuleStore] = None) -> "ProjectLoader":
        entry = os.path.abspath(entry_path)
        return cls(entry, import_roots(entry, src, config_root), store or STORE)

    def absolute(self, dotted: str) -> Optional[ModuleFile]:
        found = self.resolver.absolute(dotted)
        if found is None:
            self.missing.add(dotted)
        # a script importing its own file by name gets a second module object, as in Python (the
        # entry runs as __main__): nothing to exclude
        return found

    def relative(self, importer: Optional[str], level: int, dotted: str) -> Optional[ModuleFile]:
        return self.resolver.relative(importer or self.entry_path, level, dotted)

    def submodule(self, package: ModuleFile, name: str) -> Optional[ModuleFile]:
        return self.resolver.submodule(package, name)

    def is_plain(self, file: ModuleFile) -> bool:
        """May the module's body run when its names are first used (project/plain.py)?"""
        plain, digest = self.store.plain(file)
        if digest:
            self.deps[os.path.abspath(file.path or "")] = digest
        return plain

    def load(self, file: ModuleFile) -> Optional[LocalModule]:
        entry = self.store.get(file)
        if entry is None:
            return None
        if entry.digest:
            self.deps[os.path.abspath(file.path or "")] = entry.digest
        if entry.module is None:
            return None
        if entry.module.file != file:  # the same file reached under another name
            return LocalModule(file, entry.module.source, entry.module.parsed, entry.module.digest)
        return entry.module



_IMPORT_LINE = re.compile(r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+([\w., \t()*]+)|import[ \t]+([\w., \t]+))",
                          re.MULTILINE)
_ML_WORDS = ("keras", "tensorflow", "torch", "transformers", "timm", "skorch")
MAX_PREFILTER_FILES = 200


def imports_ml_module(loader: "ProjectLoader", text: str) -> bool:
    """Does a file that never names Keras, TensorFlow or PyTorch import (transitively) a project
    module that does? A text scan of import lines, not a parse: the prefilter of project-wide analysis."""
    seen: set[str] = set()
    pending: list[tuple[str, str]] = [(loader.entry_path, text)]
    while pending and len(seen) < MAX_PREFILTER_FILES:
        importer, body = pending.pop()
        for found in _imported_files(loader, importer, body):
            if found in seen:
                continue
            seen.add(found)
            try:
                data = read_bytes(found)
            except SourceError:
                continue
            if any(word.encode() in data for word in _ML_WORDS):
                return True
            pending.append((found, data.decode("utf-8", "replace")))
    return False


def _imported_files(loader: "ProjectLoader", importer: str, text: str) -> list[str]:
    return [binding.path for binding in imported_bindings(loader, importer, text)]


# an import statement, its parenthesised names across lines (`from .nets import (\n  A,\n  B)`) included
_IMPORT_STMT = re.compile(r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\n;#]*)"
                          r"|import[ \t]+([\w., \t]+))", re.MULTILINE)


@dataclass(frozen=True)
class ImportBinding:
    """What one import statement takes from one project file, read off the text: the names it binds
    from it (`from m import a as b`: "b"), `*`, or the name it binds to the module itself."""

    path: str
    kind: str  # "names" | "star" | "module"
    names: tuple[tuple[str, str], ...] = ()  # (name in the module, name bound in the importer)


def _import_names(text: str) -> list[tuple[str, str]]:
    text = re.sub(r"#[^\n]*", "", text).replace("(", " ").replace(")", " ").replace("\\", " ")
    out = []
    for part in text.split(","):
        words = part.split()
        if len(words) == 1:
            out.append((words[0], words[0]))
        elif len(words) == 3 and words[1] == "as":
            out.append((words[0], words[2]))
    return out


def imported_bindings(loader: "ProjectLoader", importer: str, text: str) -> list[ImportBinding]:
    """The project files a file imports, each with what the import binds (a text scan, no parse)."""
    out: list[ImportBinding] = []
    for match in _IMPORT_STMT.finditer(text):
        dots, module, names, plain = match.groups()
        if plain is not None:
            for part in plain.split(","):
                words = part.split()
                if not words:
                    continue
                found = loader.resolver.absolute(words[0])
                if found is not None and found.path is not None:
                    bound = words[2] if len(words) == 3 and words[1] == "as" else words[0].split(".")[0]
                    out.append(ImportBinding(found.path, "module", ((words[0], bound),)))
            continue
        base = (loader.resolver.relative(importer, len(dots), module) if dots
                else loader.resolver.absolute(module) if module else None)
        if base is None:
            continue
        pairs = _import_names(names or "")
        if base.path is not None:
            if any(name == "*" for name, _ in pairs):
                out.append(ImportBinding(base.path, "star"))
            else:
                out.append(ImportBinding(base.path, "names", tuple(pairs)))
        if base.is_package:
            for name, bound in pairs:
                if name != "*":
                    sub = loader.resolver.submodule(base, name)
                    if sub is not None and sub.path is not None:
                        out.append(ImportBinding(sub.path, "module", ((name, bound),)))
    return out
