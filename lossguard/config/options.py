"""The effective settings of a run: the configuration file, then the command line's overrides."""

from __future__ import annotations

from typing import Optional

from lossguard.config.pyproject import find_config, load_config, validate_codes
from lossguard.config.settings import Settings


def split_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--select LG1,LG301 --select LG4` → ("LG1", "LG301", "LG4")."""
    return tuple(c.strip().upper() for value in values for c in value.split(",") if c.strip())


def resolve(paths: tuple[str, ...], config: Optional[str], isolated: bool, select: tuple[str, ...] = (),
            extend_select: tuple[str, ...] = (), ignore: tuple[str, ...] = (), preview: Optional[bool] = None,
            stdin_filename: Optional[str] = None) -> Settings:
    """Raises ConfigError (one line) for a bad file or an unknown rule code."""
    if config and not isolated:
        settings = load_config(config)
    elif not isolated:
        lookup = [stdin_filename] if stdin_filename and paths in ((), ("-",)) else list(paths)
        found = find_config(lookup)
        settings = load_config(found) if found else Settings()
    else:
        settings = Settings()
    if select:
        settings.select = validate_codes(split_codes(select), "--select")
    if extend_select:
        settings.extend_select = tuple(settings.extend_select) + validate_codes(split_codes(extend_select), "--extend-select")
    if ignore:
        settings.ignore = tuple(settings.ignore) + validate_codes(split_codes(ignore), "--ignore")
    if preview is not None:
        settings.preview = preview
    return settings
