"""The command line: `lossguard check | rules | explain | probe`."""

import os as _os
import signal as _signal


def _early_exit(signum, frame):  # pragma: no cover - a signal during start-up
    """Until the command runs (imports take a moment), a signal ends the process quietly: nothing
    has been read or written yet. The command then installs its own handlers."""
    _os.write(2, b"lossguard: interrupted\n")
    _os._exit(128 + signum)


for _name in ("SIGINT", "SIGTERM", "SIGHUP"):
    _number = getattr(_signal, _name, None)
    if _number is not None and _signal.getsignal(_number) in (_signal.SIG_DFL, _signal.default_int_handler):
        _signal.signal(_number, _early_exit)

from lossguard.cli.commands import main  # noqa: E402


def run() -> None:
    """The console entry point: `main`, then leave without tearing the heap down object by object.

    A check of a large tree ends holding every parsed module it kept for reuse; freeing them one by
    one at interpreter shutdown cost ~1.5 s on 600 files, after all output was written (mypy's
    fast_exit does the same). The probe and the runtime layers exit normally: they run frameworks
    whose exit handlers matter. In-process callers (tests, `CliRunner`) call `main` and are unaffected."""
    import sys

    try:
        main()
    except SystemExit as stop:
        if "lossguard.probe" in sys.modules or "lossguard.runtime" in sys.modules:
            raise
        code = stop.code
        if code is not None and not isinstance(code, int):
            print(code, file=sys.stderr)
            code = 1
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe: the command reported what it could
                pass
        _os._exit(code or 0)


__all__ = ["main", "run"]
