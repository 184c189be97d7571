"""Where a program's imports are looked up: its import roots, found without importing anything.

Python puts the folder of the script it runs first on `sys.path`; projects add their root (or a
`src/` folder) by being installed or run from the root. lossguard does the same: the entry file's
own folder, then the configured `src` entries (like ruff's `src`; default: the project root and its
`src/` folder). The project root is the nearest folder, from the file upwards, that holds a
`pyproject.toml`, `setup.py`, `setup.cfg` or `.git`; without one, the folder lossguard runs in
(when the file is inside it).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Optional, Sequence

ROOT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")


@lru_cache(maxsize=1024)
def project_root_of(folder: str) -> Optional[str]:
    """The nearest folder at or above `folder` (absolute) holding a project marker."""
    current = folder
    while True:
        if any(os.path.exists(os.path.join(current, marker)) for marker in ROOT_MARKERS):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def import_roots(entry_path: str, src: Sequence[str] = (), config_root: Optional[str] = None) -> tuple[str, ...]:
    """Folders searched for absolute imports, in order, for a program whose entry file is `entry_path`.

    `src` entries are relative to `config_root` (the folder of the configuration file), or to the
    project root when there is no configuration file.
    """
    folder = os.path.dirname(os.path.abspath(entry_path))
    roots: list[str] = [folder]
    base = config_root or project_root_of(folder)
    if base is None:
        # no project marker (an unpacked archive, a folder of scripts): the folder lossguard runs in,
        # as `python -m scripts.train` run from there would have it, if the file is inside it
        cwd = os.getcwd()
        if folder == cwd or folder.startswith(cwd + os.sep):
            base = cwd
    if base is not None:
        entries = src if src else (".", "src")
        for entry in entries:
            roots.append(os.path.normpath(os.path.join(base, entry)))
    out: list[str] = []
    for root in roots:
        if root not in out and os.path.isdir(root):
            out.append(root)
    return tuple(out)
