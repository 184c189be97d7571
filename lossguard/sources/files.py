"""Source files as analysable text: Python decoding (UTF-8, BOM, PEP 263 cookies) and bounded reads.

Every failure becomes a `SourceError` carrying one line of explanation; nothing here raises
anything else for bad input.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from typing import Optional

MAX_BYTES = 20 * 1024 * 1024  # larger files are refused with a message, not read into memory
# Bigger files are generated code or data: skipped with a notice. libcst needs ~0.8 GB and ~15 s for
# 1 MB of code (measured); 200 kB (~6,000 lines, far beyond any hand-written training script) keeps a
# worst-case file under ~200 MB of memory and a few seconds.
MAX_ANALYSED_CHARS = 200_000

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK = re.compile(rb"^[ \t\f]*(?:[#\r\n]|$)")


class SourceError(Exception):
    """A file that cannot be analysed; `str()` is the one-line reason."""


@dataclass(frozen=True)
class CellSpan:
    """Where one notebook code cell sits in the combined program text."""

    cell: int  # 1-based index among all cells (markdown included)
    first_line: int  # 1-based line of the program where this cell starts
    line_count: int
    margin: str = ""  # the indentation IPython removed from every line of the cell (leading_indent)
    kept: frozenset[int] = frozenset()  # lines of the cell (1-based) that kept theirs (IPython 7's rule)

    def margin_at(self, line_in_cell: int) -> str:
        """The indentation removed from this line of the cell (1-based)."""
        return "" if line_in_cell in self.kept else self.margin


@dataclass
class SourceFile:
    path: str  # display path, as given by the user (relative stays relative)
    text: str
    encoding: str = "utf-8"
    bom: bool = False
    cells: Optional[tuple[CellSpan, ...]] = None  # set for notebooks
    notebook: Optional[dict] = None  # the parsed notebook JSON (for --fix)
    notebook_cell_sources: Optional[dict[int, str]] = None  # original cell text by cell index

    def lines(self) -> list[str]:
        """The text's lines, split where Python and libcst's positions split them (\r\n, \r, \n)."""
        cached = self.__dict__.get("_lines")
        if cached is None:
            cached = split_lines(self.text)
            self.__dict__["_lines"] = cached
        return cached

    @property
    def is_notebook(self) -> bool:
        return self.cells is not None

    def cell_column(self, line: int, column: int) -> int:
        """A program column (1-based) as a column of the cell as written (its margin put back)."""
        if self.cells:
            for span in self.cells:
                if span.first_line <= line < span.first_line + max(span.line_count, 1):
                    margin = span.margin_at(line - span.first_line + 1)
                    return column + len(margin) if column > 0 and margin else column
        return column

    def locate(self, line: int) -> tuple[Optional[int], int]:
        """Map a program line to (cell, line in cell); cell is None for plain Python."""
        if self.cells is None:
            return None, line
        for span in self.cells:
            if span.first_line <= line < span.first_line + max(span.line_count, 1):
                return span.cell, line - span.first_line + 1
        last = self.cells[-1] if self.cells else None
        if last is None:
            return None, line
        return last.cell, line - last.first_line + 1


_NEWLINES = re.compile(r"\r\n?|\n")


def split_lines(text: str) -> list[str]:
    return _NEWLINES.split(text)


def detect_encoding(data: bytes) -> tuple[str, bool]:
    """PEP 263: a BOM or a coding cookie on one of the first two lines, else UTF-8."""
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[3:]
    lines = data.split(b"\n", 2)
    for index, line in enumerate(lines[:2]):
        match = _COOKIE.match(line)
        if match:
            name = match.group(1).decode("ascii", "replace")
            try:
                codec = codecs.lookup(_normal_name(name))
            except LookupError:
                raise SourceError(f"unknown encoding {name!r} in the coding cookie on line {index + 1}")
            if bom and codec.name != "utf-8":
                raise SourceError(f"encoding cookie {name!r} conflicts with the UTF-8 byte order mark")
            try:
                ascii_compatible = "# x\n".encode(codec.name) == b"# x\n"
            except (UnicodeError, LookupError):
                ascii_compatible = False
            if not ascii_compatible:
                raise SourceError(f"encoding {name!r} in the coding cookie is not usable for Python source "
                                  f"(not ASCII-compatible)")
            return codec.name, bom
        if not _BLANK.match(line):
            break
    return "utf-8", bom


def _normal_name(name: str) -> str:
    """CPython's tokenizer (get_normal_name): "utf-8-sig", "UTF_8-whatever" mean UTF-8, and the
    latin-1 spellings ISO-8859-1, before the codec is looked up."""
    enc = name[:12].lower().replace("_", "-")
    if enc == "utf-8" or enc.startswith("utf-8-"):
        return "utf-8"
    if enc in ("latin-1", "iso-8859-1", "iso-latin-1") or enc.startswith(("latin-1-", "iso-8859-1-", "iso-latin-1-")):
        return "iso-8859-1"
    return name


def decode_python(data: bytes) -> tuple[str, str, bool]:
    """Bytes of a .py file → (text, encoding, had_bom)."""
    if b"\x00" in data:
        raise SourceError("file contains null bytes (binary file?)")
    encoding, bom = detect_encoding(data)
    body = data[3:] if bom else data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as err:
        line = body[: err.start].count(b"\n") + 1
        raise SourceError(
            f"cannot decode as {encoding}: invalid byte 0x{body[err.start]:02x} on line {line}")
    return text, encoding, bom


PIPE_WAIT = 5.0  # seconds a FIFO or a device may stay silent (no writer yet, a stalled writer)


def read_bytes(path: str) -> bytes:
    try:
        info = os.stat(path)
        size = info.st_size
        if size > MAX_BYTES:
            raise SourceError(f"file is too large to check ({size // (1024 * 1024)} MB > "
                              f"{MAX_BYTES // (1024 * 1024)} MB)")
        if stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
            with open(path, "rb") as handle:
                data = handle.read()
        else:  # a FIFO, a pipe, a device: opening or reading may block forever, /dev/zero never ends
            data = _read_special(path, info.st_mode)
        if len(data) > MAX_BYTES:
            raise SourceError(f"file is too large to check (more than {MAX_BYTES // (1024 * 1024)} MB)")
        return data
    except SourceError:
        raise
    except IsADirectoryError:
        raise SourceError("is a directory")
    except PermissionError:
        raise SourceError("permission denied")
    except FileNotFoundError:
        raise SourceError("no such file or directory")
    except OSError as err:
        raise SourceError(err.strerror or str(err))


def _read_special(path: str, mode: int) -> bytes:
    """Read a FIFO or a device without blocking: opened non-blocking (a FIFO with no writer would
    block the open), then read while data keeps arriving, at most MAX_BYTES + 1 bytes."""
    import select

    kind = "FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
    if kind == "socket":
        raise SourceError("is a socket, not a file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLPRI)
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_BYTES:
            if not poller.poll(PIPE_WAIT * 1000):
                if total == 0 and kind == "FIFO":
                    raise SourceError(f"is a FIFO with no writer (nothing arrived in {PIPE_WAIT:g} s)")
                raise SourceError(f"is a {kind} that stopped sending data (nothing for {PIPE_WAIT:g} s)")
            try:
                chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - total))
            except BlockingIOError:
                continue
            if not chunk:
                break  # the writer closed it: end of file
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def encode_python(source: SourceFile, text: str) -> bytes:
    """Text back to bytes the way the file was stored (for --fix)."""
    body = text.encode(source.encoding)
    return (codecs.BOM_UTF8 + body) if source.bom else body
