"""Signals and parallel runs (issue 11, item 11): real processes, real signals.

- killing the parent of a `-j 2` run (SIGKILL: no handler runs) leaves no worker behind, and the
  output pipe it shared with them reaches end of file (`lossguard check -j 2 . | cat` returns);
- SIGINT (to the process or its whole group, as Ctrl-C does) and SIGTERM stop a run promptly with
  130 / 143 and one line, no traceback, no worker left.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

import pytest

from helpers import SEED


def _tree(tmp_path, count: int = 900):
    folder = tmp_path / "many"
    folder.mkdir()
    text = SEED.read_text()
    for i in range(count):
        (folder / f"f{i:04d}.py").write_text(text + f"\nMARK = {i}\n")
    return folder


def _children(pid: int) -> list[int]:
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                out.extend(int(c) for c in handle.read().split())
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"  # a zombie has exited
    except OSError:
        return False


def _start(folder, **kw) -> tuple[subprocess.Popen, list[int]]:
    env = {k: v for k, v in os.environ.items() if k != "LOSSGUARD_DEBUG"}
    proc = subprocess.Popen([sys.executable, "-m", "lossguard", "check", "--no-cache", "--isolated", "-j", "2",
                             str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, **kw)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.1)
        workers = [c for c in _children(proc.pid) if _alive(c)]
        assert proc.poll() is None, "the run ended before its workers were seen"
    assert len(workers) >= 2, workers
    time.sleep(1.0)  # the workers are busy
    return proc, workers


def _wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = [p for p in pids if _alive(p)]
        if not alive:
            return []
        time.sleep(0.05)
    return [p for p in pids if _alive(p)]


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs /proc")
def test_workers_die_with_a_killed_parent_and_release_the_output_pipe(tmp_path):
    proc, workers = _start(_tree(tmp_path))
    proc.kill()  # SIGKILL: the parent cannot clean up
    proc.wait(10)
    assert _wait_gone(workers, 5) == [], "workers outlived their parent"
    ready, _, _ = select.select([proc.stdout], [], [], 5)
    assert ready and proc.stdout.read() == b""  # end of file: nobody holds the pipe any more
    for worker in workers:  # reaped by init, not left blocked
        assert not _alive(worker)


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs /proc")
@pytest.mark.parametrize("how,status", [("SIGINT", 130), ("SIGINT to the group", 130), ("SIGTERM", 143)])
def test_an_interrupted_parallel_run_stops_promptly(tmp_path, how, status):
    proc, workers = _start(_tree(tmp_path), start_new_session=True)
    sent = time.monotonic()
    if how == "SIGINT to the group":
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: every process of the job gets it
    else:
        proc.send_signal(getattr(signal, how))
    out, err = proc.communicate(timeout=30)
    elapsed = time.monotonic() - sent
    assert proc.returncode == status, (proc.returncode, err)
    assert elapsed < 5, elapsed
    text = err.decode()
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    assert len([line for line in text.splitlines() if line.startswith("lossguard: ")]) == 1, text
    assert _wait_gone(workers, 5) == []
