"""Progress on stderr while the reference models train: a bar on a terminal, one line per run otherwise."""

from __future__ import annotations

import sys
import time
from typing import Any, Callable, Optional, TextIO


class Progress:
    def __init__(self, stream: Optional[TextIO] = None, enabled: bool = True):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._started = 0.0
        self._last_draw = 0.0

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def for_job(self, index: int, total: int, job: Any) -> Optional[Callable[[str, int, int], None]]:
        if not self.enabled:
            return None
        prefix = f"probe [{index}/{total}] {job.scenario.rule} ({job.backend})"
        self._write(f"{prefix}: training the reference model as written and fixed, {job.steps} steps each...\n")

        def update(label: str, step: int, steps: int) -> None:
            now = time.perf_counter()
            if step == -1:
                line = f"{prefix}: {label} done in {now - self._started:.1f} s"
                self._write(("\r" + line.ljust(78) if self.tty else line) + "\n")
                self._started = 0.0
                return
            if not self._started:
                self._started = now
            if self.tty and (now - self._last_draw > 0.1 or step == steps):
                self._last_draw = now
                width = 24
                filled = int(width * step / max(steps, 1))
                bar = "#" * filled + "." * (width - filled)
                self._write(f"\r{prefix}: {label:<10} [{bar}] {step}/{steps}")

        return update
