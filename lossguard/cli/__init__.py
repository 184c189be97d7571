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

__all__ = ["main"]
