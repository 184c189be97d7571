"""Is colour wanted on a stream? `--color always|never|auto` and the environment conventions.

`always` and `never` decide on their own (the option overrides the environment, as in ruff and uv).
`auto` reads, in this order (the order CPython 3.13's `_colorize.can_colorize` uses):

- `NO_COLOR` set and not empty: no colour (https://no-color.org), even when `FORCE_COLOR` is set too;
- `FORCE_COLOR` set and not empty: colour, even when the stream is not a terminal
  (https://force-color.org); so does `CLICOLOR_FORCE` set to anything but "" or "0"
  (https://bixense.com/clicolors);
- `TERM=dumb` or `CLICOLOR=0`: no colour;
- otherwise colour only when the stream is a terminal.

A report written to a file (`-o`) is never coloured, whatever is chosen.
"""

from __future__ import annotations

import os
from typing import IO, Mapping, Optional

CHOICES = ("auto", "always", "never")


def color_enabled(choice: str, stream: Optional[IO] = None, env: Optional[Mapping[str, str]] = None) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR") or env.get("CLICOLOR_FORCE", "0") not in ("", "0"):
        return True
    if env.get("TERM") == "dumb" or env.get("CLICOLOR") == "0":
        return False
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError, OSError):  # closed or replaced streams
        return False
