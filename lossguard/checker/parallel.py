"""Checking files on several cores; results come back in input order, identical to a serial run.

Files are streamed: the parent reads a file only to answer from the cache (and then hands those
very bytes to a worker, so the checked content is exactly the hashed content), and keeps at most
a bounded window of work in flight, so its memory depends on the jobs, not on the size of the
tree. Without a cache the workers read the files themselves.

Workers die with the parent: on Linux the kernel kills them when it exits (PR_SET_PDEATHSIG),
elsewhere a watchdog notices; they ignore SIGINT (Ctrl-C reaches the whole process group) and the
parent stops them at once when it is interrupted.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from typing import Iterator, Optional

from lossguard.checker.program import check_one
from lossguard.sources.discovery import Target
from lossguard.findings.model import FileProblem, FileResult
from lossguard.config.settings import Settings
from lossguard.sources.files import SourceError, read_bytes

SERIAL_BELOW = 8  # fewer files than this to analyse: process start-up costs more than it saves
CHUNK_FILES = 16  # files per task at most...
CHUNK_BYTES = 4 << 20  # ...and this many bytes of source (one bigger file goes alone)
WINDOW = 2  # tasks in flight per job (one running, one queued)

Item = tuple[str, str, Optional[bytes]]  # display, path, bytes (None: the worker reads the file)
_SETTINGS: Optional[Settings] = None  # a worker's settings, sent once when it starts


def _work(item: Item, settings: Settings) -> FileResult:
    display, path, data = item
    result = check_one(Target(display=display, path=path), settings, data)
    _settle_memory()
    return result


def _settle_memory() -> None:
    """Collect this program's cyclic garbage, then move what survives out of the collector's sight.

    What survives a program is mostly the module store's parsed trees (project/loader.py), kept so
    later programs importing those files reuse them. They are acyclic and freed by reference
    counting when evicted, but while alive every full collection walks all of them: on a 600-file
    tree that doubled the run time. Frozen objects are never traversed; a serial run unfreezes at
    its end (`_unfrozen`), a worker process lives only for the run."""
    gc.collect()
    gc.freeze()


def _work_chunk(items: list[Item]) -> list[FileResult]:
    assert _SETTINGS is not None
    return [_work(item, _SETTINGS) for item in items]


def _worker_start(settings: Settings, parent: int) -> None:
    """In each worker: die with the parent, leave SIGINT to it, keep off the parent's stdin/stdout."""
    global _SETTINGS
    _SETTINGS = settings
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    _die_with_parent(parent)
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)  # `lossguard check -j 2 | cat`: only the parent holds the pipe
        os.close(devnull)
    except OSError:
        pass


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: the kernel kills us when the parent exits
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="lossguard-parent-watch").start()


def check_many(targets: list[Target], settings: Settings, jobs: int, cache: Optional[object] = None) -> list[FileResult]:
    if cache is not None:
        from lossguard.checker.cache import Cache, content_key
    results: list[Optional[FileResult]] = [None] * len(targets)
    keys: dict[int, str] = {}

    def pending() -> Iterator[tuple[int, Item]]:
        for index, target in enumerate(targets):
            if cache is None:
                yield index, (target.display, target.path, None)
                continue
            try:
                data = read_bytes(target.path)
            except SourceError as err:
                results[index] = FileResult(path=target.display, problems=[FileProblem(target.display, str(err))])
                continue
            key = content_key(target.display, data)
            if isinstance(cache, Cache):
                hit = cache.get(key)
                if hit is not None:
                    results[index] = hit
                    continue
            keys[index] = key
            yield index, (target.display, target.path, data)

    def done(index: int, result: FileResult) -> None:
        results[index] = result
        if cache is not None and isinstance(cache, Cache) and index in keys:
            cache.put(keys.pop(index), result)

    stream = pending()
    first: list[tuple[int, Item]] = []
    for entry in stream:
        first.append(entry)
        if len(first) >= SERIAL_BELOW:
            break
    if jobs > 1 and len(first) >= SERIAL_BELOW:
        _in_parallel(_chained(first, stream), settings, jobs, done)
    else:
        try:
            for index, item in _chained(first, stream):
                done(index, _work(item, settings))
        finally:
            gc.unfreeze()  # in-process callers (tests, editors) get the ordinary collector back
    return [r for r in results if r is not None]


def _chained(first: list[tuple[int, Item]], rest: Iterator[tuple[int, Item]]) -> Iterator[tuple[int, Item]]:
    yield from first
    yield from rest


def _chunks(stream: Iterator[tuple[int, Item]]) -> Iterator[list[tuple[int, Item]]]:
    chunk: list[tuple[int, Item]] = []
    size = 0
    for index, item in stream:
        length = len(item[2]) if item[2] is not None else 0
        if chunk and (len(chunk) >= CHUNK_FILES or size + length > CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append((index, item))
        size += length
    if chunk:
        yield chunk


def _in_parallel(stream: Iterator[tuple[int, Item]], settings: Settings, jobs: int, done) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    context = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_start,
                               initargs=(settings, os.getpid()))
    in_flight: dict = {}  # future → the chunk's indices, in order
    try:
        chunks = _chunks(stream)
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < jobs * WINDOW:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                in_flight[pool.submit(_work_chunk, [item for _, item in chunk])] = [index for index, _ in chunk]
            if not in_flight:
                break
            finished, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
            for future in finished:
                for index, result in zip(in_flight.pop(future), future.result()):
                    done(index, result)
    except BaseException:  # Ctrl-C, SIGTERM, a broken worker: stop every worker now, not after its chunk
        for process in list(getattr(pool, "_processes", {}).values()):
            try:
                process.kill()
            except (OSError, AttributeError):
                pass
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
