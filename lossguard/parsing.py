"""Parsing with libcst, turning every parser failure into one `ParseFailure` with a position."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst


@dataclass
class ParseFailure(Exception):
    line: int
    column: int  # 1-based
    reason: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.reason}"


def parse_module(text: str) -> cst.Module:
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as err:
        reason = " ".join(str(err.message).split()) or "invalid syntax"
        precise = _python_syntax_error(text)
        if precise is not None:
            raise precise from None
        raise ParseFailure(max(err.raw_line, 1), max(err.raw_column, 0) + 1, reason) from None
    except RecursionError:
        raise ParseFailure(1, 1, "too deeply nested to parse") from None
    except MemoryError:
        raise ParseFailure(1, 1, "out of memory while parsing") from None
    except Exception as err:  # the native parser can raise other errors on odd input
        text_msg = " ".join(str(err).split())[:200] or type(err).__name__
        raise ParseFailure(1, 1, f"cannot parse: {text_msg}") from None


def _python_syntax_error(text: str) -> "ParseFailure | None":
    """CPython's own parser pinpoints syntax errors better than libcst's: ask it (parse only, never run)."""
    import ast

    try:
        ast.parse(text)
    except SyntaxError as err:
        line = err.lineno or 1
        column = err.offset or 1
        return ParseFailure(line, max(column, 1), err.msg or "invalid syntax")
    except (ValueError, RecursionError, MemoryError):
        return None
    return None
