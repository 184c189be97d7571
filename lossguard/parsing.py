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
        raise ParseFailure(max(err.raw_line, 1), max(err.raw_column, 0) + 1, reason) from None
    except RecursionError:
        raise ParseFailure(1, 1, "too deeply nested to parse") from None
    except MemoryError:
        raise ParseFailure(1, 1, "out of memory while parsing") from None
    except Exception as err:  # the native parser can raise other errors on odd input
        text_msg = " ".join(str(err).split())[:200] or type(err).__name__
        raise ParseFailure(1, 1, f"cannot parse: {text_msg}") from None
