"""CPython's own parser as a guard (no libcst here: the project layer uses it for modules it may never
parse for analysis). Its limits are what `python file.py` would accept: deeper input is refused
cleanly instead of reaching libcst's native parser, which can crash on it (parsing.py)."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from typing import Optional

# CPython's messages for input beyond its structural limits: never hand such text to libcst
_LIMIT_MESSAGES = ("too many nested parentheses", "too many statically nested blocks",
                   "too many levels of indentation", "too many indentation levels", "too complex",
                   "too deeply nested")
_GUARD_RECURSION_LIMIT = 1000  # CPython's default: what `python file.py` would use


@dataclass
class ParseFailure(Exception):
    line: int
    column: int  # 1-based
    reason: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.reason}"


class ParserLimitation(ParseFailure):
    """Python accepts the code but libcst, lossguard's parser, does not (some mixes of tab and space
    indentation): not a parse error of the user's code, so never reported as one (LG000)."""


def cpython_parse(text: str) -> tuple[Optional[ast.Module], Optional[ParseFailure]]:
    previous = sys.getrecursionlimit()
    if previous > _GUARD_RECURSION_LIMIT:
        sys.setrecursionlimit(max(_GUARD_RECURSION_LIMIT, depth_now() + 200))
    try:
        return ast.parse(text), None
    except SyntaxError as err:
        return None, ParseFailure(err.lineno or 1, max(err.offset or 1, 1), err.msg or "invalid syntax")
    except (RecursionError, MemoryError):
        return None, ParseFailure(1, 1, "too deeply nested to parse (beyond CPython's limits)")
    except ValueError as err:  # e.g. source code string cannot contain null bytes
        return None, ParseFailure(1, 1, str(err))
    finally:
        sys.setrecursionlimit(previous)


def depth_now() -> int:
    frame = sys._getframe()
    depth = 0
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return depth
