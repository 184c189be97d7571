"""Checking files on several cores; results come back in input order, identical to a serial run.

The parent reads each file once, answers from the cache when it can, and hands the rest (bytes
included, so the checked content is exactly the hashed content) to worker processes.
"""

from __future__ import annotations

import os
from typing import Optional

from lossguard.checker.program import check_one
from lossguard.sources.discovery import Target
from lossguard.findings.model import FileProblem, FileResult
from lossguard.config.settings import Settings
from lossguard.sources.files import SourceError, read_bytes

SERIAL_BELOW = 8  # fewer files than this to analyse: process start-up costs more than it saves


def _work(item: tuple[str, str, bytes, Settings]) -> FileResult:
    display, path, data, settings = item
    return check_one(Target(display=display, path=path), settings, data)


def check_many(targets: list[Target], settings: Settings, jobs: int, cache: Optional[object] = None) -> list[FileResult]:
    if cache is not None:
        from lossguard.checker.cache import Cache, content_key
    results: list[Optional[FileResult]] = [None] * len(targets)
    pending: list[tuple[int, str, tuple[str, str, bytes, Settings]]] = []
    for index, target in enumerate(targets):
        try:
            data = read_bytes(target.path)
        except SourceError as err:
            results[index] = FileResult(path=target.display, problems=[FileProblem(target.display, str(err))])
            continue
        key = content_key(target.display, data) if cache is not None else ""
        if cache is not None and isinstance(cache, Cache):
            hit = cache.get(key)
            if hit is not None:
                results[index] = hit
                continue
        pending.append((index, key, (target.display, target.path, data, settings)))
    if jobs > 1 and len(pending) >= SERIAL_BELOW:
        chunk = max(1, min(16, len(pending) // (jobs * 4)))
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            computed = list(pool.map(_work, [p[2] for p in pending], chunksize=chunk))
    else:
        computed = [_work(p[2]) for p in pending]
    for (index, key, _), result in zip(pending, computed):
        results[index] = result
        if cache is not None and isinstance(cache, Cache):
            cache.put(key, result)
    return [r for r in results if r is not None]
