"""`[tool.lossguard]` in pyproject.toml, found from the checked path upwards (or `--config`).

Unknown keys and unknown rule codes are errors: a typo in a linter's configuration must not
silently disable checks.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any, Optional, Sequence

from lossguard.config.settings import Settings


class _LazyToml:
    """tomllib is imported only when a configuration file is actually read."""

    def __getattr__(self, name: str):
        if sys.version_info >= (3, 11):
            import tomllib as module
        else:  # pragma: no cover
            import tomli as module  # type: ignore[no-redef]
        return getattr(module, name)


tomllib = _LazyToml()

KNOWN_KEYS = {"select", "ignore", "extend-select", "per-file-ignores", "exclude", "extend-exclude", "preview",
              "src", "follow-imports", "extension"}


class ConfigError(Exception):
    """A configuration problem: reported on one line, exit status 2."""


def known_codes() -> list[str]:
    from lossguard.rules import load_rules as all_rules

    return [r.code for r in all_rules()]


def validate_codes(codes: Sequence[str], where: str) -> tuple[str, ...]:
    known = known_codes()
    out = []
    for code in codes:
        if not isinstance(code, str):
            raise ConfigError(f"{where}: rule codes must be strings, got {code!r}")
        norm = code.strip().upper()
        if norm != "ALL" and not any(k.startswith(norm) for k in known):
            raise ConfigError(f"{where}: unknown rule code or prefix {code!r} (see `lossguard rules`)")
        out.append(norm)
    return tuple(out)


def find_config(paths: Sequence[str]) -> Optional[str]:
    """The nearest pyproject.toml with a [tool.lossguard] table, from the first path upwards.

    A pyproject.toml that cannot be read, or that declares [tool.lossguard] but is not valid TOML,
    is an error (ConfigError): silently skipping it would run with the wrong rules."""
    start = paths[0] if paths else "."
    if start == "-":
        start = "."
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    while True:
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate) and _mentions_lossguard(candidate):
            try:
                data = _load_toml(candidate)
            except ConfigError:
                if _declares_lossguard(candidate):
                    raise
                data = {}  # broken, but not ours: other tools will say so
            if isinstance(data.get("tool"), dict) and "lossguard" in data["tool"]:
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _mentions_lossguard(path: str) -> bool:
    """Cheap pre-check before parsing TOML: most projects' pyproject.toml has no lossguard table."""
    try:
        with open(path, "rb") as handle:
            return b"lossguard" in handle.read()
    except OSError as err:
        raise ConfigError(f"{path}: cannot read ({err.strerror or err}); it may configure lossguard "
                          f"(use --config or --isolated)")


_DECLARES = re.compile(r"^[ \t]*(\[[ \t]*tool[ \t]*\.[ \t]*[\"']?lossguard\b|tool[ \t]*\.[ \t]*[\"']?lossguard\b|lossguard\b)",
                       re.M)


def _declares_lossguard(path: str) -> bool:
    """Does the text of a pyproject.toml that is not valid TOML still show a lossguard table?"""
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return True
    return _DECLARES.search(text) is not None


def _load_toml(path: str) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as err:
        raise ConfigError(f"{path}: cannot read ({err.strerror or err})")
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: not UTF-8 (invalid byte at offset {err.start}); TOML files are UTF-8")
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML ({err})")
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML (too deeply nested)")


def load_config(path: str) -> Settings:
    data = _load_toml(path)
    if os.path.basename(path) == "pyproject.toml" or "tool" in data:
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: [tool] must be a table")
        section: Any = tool.get("lossguard", {})
    else:
        section = data  # a dedicated lossguard.toml
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.lossguard] must be a table")
    return settings_from_table(section, path)


def settings_from_table(section: dict, path: str) -> Settings:
    unknown = sorted(set(section) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key{'s' if len(unknown) > 1 else ''} in [tool.lossguard]: "
                          f"{', '.join(unknown)} (known: {', '.join(sorted(KNOWN_KEYS))})")
    settings = Settings(config_path=path, project_root=os.path.dirname(os.path.abspath(path)))
    if "select" in section:
        settings.select = validate_codes(_list(section, "select", path), f"{path}: select")
    if "extend-select" in section:
        settings.extend_select = validate_codes(_list(section, "extend-select", path), f"{path}: extend-select")
    if "ignore" in section:
        settings.ignore = validate_codes(_list(section, "ignore", path), f"{path}: ignore")
    if "exclude" in section:
        settings.exclude = tuple(_strings(section, "exclude", path))
    if "extend-exclude" in section:
        settings.extend_exclude = tuple(_strings(section, "extend-exclude", path))
    if "preview" in section:
        if not isinstance(section["preview"], bool):
            raise ConfigError(f"{path}: preview must be true or false")
        settings.preview = section["preview"]
    if "follow-imports" in section:
        if not isinstance(section["follow-imports"], bool):
            raise ConfigError(f"{path}: follow-imports must be true or false")
        settings.follow_imports = section["follow-imports"]
    if "src" in section:
        entries = _list(section, "src", path)
        if not all(isinstance(e, str) for e in entries):
            raise ConfigError(f"{path}: src must be a list of folders (strings)")
        settings.src = tuple(entries)
    if "extension" in section:  # ruff's key: files with these extensions are Python too (`pyx = "python"`)
        table = section["extension"]
        if not isinstance(table, dict) or not all(isinstance(k, str) and k.strip(".") and v == "python"
                                                  for k, v in table.items()):
            raise ConfigError(f'{path}: extension must be a table of extension = "python" (e.g. pyx = "python"); '
                              f"notebooks must end in .ipynb")
        settings.extension = tuple(sorted("." + k.strip(".").lower() for k in table))
    if "per-file-ignores" in section:
        table = section["per-file-ignores"]
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: per-file-ignores must be a table of pattern = [codes]")
        settings.per_file_ignores = {
            str(pattern): validate_codes(codes if isinstance(codes, list) else [codes],
                                         f"{path}: per-file-ignores[{pattern!r}]")
            for pattern, codes in table.items()
        }
    return settings


def _strings(section: dict, key: str, path: str) -> list[str]:
    values = _list(section, key, path)
    if not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{path}: {key} must be a list of strings (glob patterns)")
    return values


def _list(section: dict, key: str, path: str) -> list:
    value = section[key]
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise ConfigError(f"{path}: {key} must be a list")
    return value
