"""Is a cached result still valid? Its program's imported modules, checked without parsing anything
(a warm run never imports libcst)."""

from __future__ import annotations

import hashlib
import os
from typing import Optional, Sequence

from lossguard.project.resolve import Resolver
from lossguard.sources.files import SourceError, read_bytes


def digest_of(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def file_signature(path: str) -> Optional[tuple[int, int, int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def dependencies_changed(files: Sequence[tuple[str, str]], roots: Sequence[str], missing: Sequence[str],
                         digest_cache: Optional[dict] = None) -> bool:
    """Has any module a cached result read changed, or does a name that was no project module now
    resolve to one? (`digest_cache`: path → (signature, sha1), shared across the checks of one run.)"""
    memo = digest_cache if digest_cache is not None else {}
    for path, digest in files:
        signature = file_signature(path)
        if signature is None:
            return True
        known = memo.get(path)
        if known is None or known[0] != signature:
            try:
                known = (signature, digest_of(read_bytes(path)))
            except SourceError:
                return True
            memo[path] = known
        if known[1] != digest:
            return True
    if missing:
        resolver = Resolver(roots)
        return any(resolver.absolute(name) is not None for name in missing)
    return False
