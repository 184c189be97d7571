"""Jupyter notebooks as one program: code cells in order, IPython syntax masked in place.

LibCST cannot parse IPython syntax. `mask_cell` finds it exactly where IPython's own input
transformer (`IPython.core.inputtransformer2.TransformerManager.transform_cell`) does, with the
same rules, and replaces it by plain Python *on the same lines*: the line count never changes and
every other byte of the cell stays as written, so findings keep their cell, line and column.
IPython is never imported; like IPython, the rules read Python's own `tokenize` tokens:

- a cell whose first non-blank line starts with `%%name` is a cell magic. Its body is Python run
  in the kernel for `PYTHON_CELL_MAGICS` (`%%time`, `%%timeit`, `%%capture`...; IPython transforms
  such a body like a cell of its own, and so does `mask_cell`); any other cell magic (`%%bash`,
  `%%writefile`, `%%html`, unknown magics) is not Python run here, and the whole cell is blanked.
- `%magic`, `!cmd`, `!!cmd`, `?obj`, `??obj` (and IPython's rare `,f a`, `;f a`, `/f a` autocall
  escapes) are escapes only as the first token of a *logical* line: a line starting with `%`
  inside open brackets or a triple-quoted string, or after a backslash, is Python. The escape's
  line, and the lines it continues onto with backslashes, become `pass` at the same indentation.
- `x = %magic ...` / `x = !cmd` (the first `=` outside brackets, then `%name` or `!`) keep `x = `
  and their value becomes `...`, an unknown value (never `None`: `activation=None` means something).
- `obj?`, `obj.attr??`, `%magic?`: a logical line whose last token is `?` and that ends in a dotted
  name followed by `?`/`??` is a help request: `pass`.
- As in IPython, the earliest escape is transformed first and the cell is tokenised again after it
  (an escape's text, `!echo it's`, can confuse the tokeniser for what follows); when the earliest
  candidate is not a valid help request and nothing else is left, transformation stops.
- The shell's automagic: a one-line cell whose first word is a line magic (`pip install x`,
  `cd data`, `mkdir -p runs`) is that magic when the line is not Python (whether a user name shadows the
  magic is not known statically; `run(model)` stays a call).
- IPython dedents a cell whose first line is indented; a cell made only of escapes is dedented too.

- IPython's first clean-up, `leading_indent`: the whitespace all non-blank lines of a cell start with
  is removed before anything else (`leading_indent` below); the cell's positions are reported, and
  fixes written back, in the cell as written (CellSpan.margin).
- IPython 7 (7.0-7.34) removed instead the first line's indentation from every line that starts
  with it, leaving the others: ` model = Sequential([\n  Dense(10)])\nmodel.fit(x)` runs there and
  not under IPython 8+. A cell that parses only under that rule is read with it (`legacy_indent`,
  CellSpan.kept): a notebook that ran where it was written is not a parse error.

Not followed: IPython's clean-up that strips `>>> ` / `In [1]: ` prompts (it moves Python text by
varying amounts); such cells are reported as parse errors.
"""

from __future__ import annotations

import ast
import json
import re
import tokenize
import warnings
from typing import Any, Optional

from lossguard.sources.files import CellSpan, SourceError, SourceFile

# Cell magics whose body is Python run in the kernel's namespace (the body is masked like a cell).
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "memit", "skip"})

_ESCAPE_SINGLES = frozenset("!?%,;/")  # IPython's ESCAPE_SINGLES
# IPython's _help_end_re: what a help request ends with (`obj?`, `a.b[0]??`, `%magic?`, `np.*load*?`)
_HELP_END = re.compile(r"(%{0,2}(?!\d)[\w*]+(\.(?!\d)[\w*]+|\[-?[0-9]+\])*)(\?\??)$")
_CELL_MAGIC_HELP = re.compile(r"%%\w+\?")
_ASSIGNED_ESCAPE = re.compile(r"=[\s\\]*[%!]")
# Tokeniser errors after which IPython >= 9 (IPython.utils.tokenutil.generate_tokens_catch_errors)
# ends the tokens with an empty ERRORTOKEN, so the truncated line does not end in `?`. Only Python
# 3.12+'s tokeniser raises them (3.11's reports these as ERRORTOKENs and goes on).
_CAUGHT_ERRORS = ("unterminated string literal", "invalid non-printable character", "after line continuation character",
                  "invalid decimal literal", "invalid binary literal", "invalid octal literal",
                  "invalid hexadecimal literal", "in binary literal", "in octal literal", "expected EOF")
# Line magics the automagic of a one-line cell can run without `%`: IPython 9's built-in line magics
# and POSIX shell aliases, plus those ipykernel adds in Jupyter
_AUTOMAGICS = frozenset("""
    alias alias_magic autoawait autocall automagic bookmark cat cd clear code_wrap colors conda config
    connect_info cp debug dhist dirs doctest_mode ed edit env gui hist history killbgscripts ldir less
    lf lk ll load load_ext loadpy logoff logon logstart logstate logstop ls lsmagic lx macro magic mamba
    man matplotlib micromamba mkdir more mv notebook page pastebin pdb pdef pdoc pfile pinfo pinfo2 pip
    popd pprint precision prun psearch psource pushd pwd pycat pylab qtconsole quickref recall rehashx
    reload_ext rep rerun reset reset_selective rm rmdir run save sc set_env sx system tb time timeit
    unalias unload_ext uv who who_ls whos xdel xmode""".split())
_AUTOMAGIC_SPLIT = re.compile(r"\s*(%{0,2}[\w.*]*)(.*)$", re.S)  # IPython's split_user_input, escapes done
_TRANSFORM_LIMIT = 500  # IPython's TRANSFORM_LOOP_LIMIT: beyond it IPython gives up on the cell
_OPEN, _CLOSE = frozenset("([{"), frozenset(")]}")
_LAYOUT = (tokenize.INDENT, tokenize.DEDENT)
_ENDS = (tokenize.NEWLINE, tokenize.NL)
# transformer kinds, in IPython's order (a stable sort keeps it for candidates at one position)
_MAGIC_ASSIGN, _SYSTEM_ASSIGN, _ESCAPED, _HELP = range(4)
_PRIORITY = {_MAGIC_ASSIGN: 10, _SYSTEM_ASSIGN: 10, _ESCAPED: 10, _HELP: 5}


def leading_indent(source: str) -> tuple[str, str]:
    """IPython's first clean-up (`leading_indent`, textwrap.dedent): the whitespace every non-blank
    line of the cell starts with is removed. Returns (that margin, the cell without it); lines keep
    their count, and positions in the cell move right by len(margin) (CellSpan.margin)."""
    lines = source.split("\n")
    margin: Optional[str] = None
    for line in lines:
        if not line.strip():
            continue
        indent = line[:len(line) - len(line.lstrip(" \t"))]
        if margin is None:
            margin = indent
        else:
            while not indent.startswith(margin):
                margin = margin[:-1]
        if not margin:
            return "", source
    if not margin:
        return "", source
    return margin, "\n".join(line[len(margin):] if line.startswith(margin) else line.lstrip(" \t")
                             for line in lines)


def legacy_indent(source: str) -> Optional[tuple[str, str, frozenset[int]]]:
    """IPython 7's `leading_indent`: the first non-blank line's indentation removed from each line that
    starts with it. Returns (that margin, the cell without it, the 1-based lines left as they were),
    or None when the first line is not indented."""
    lines = source.split("\n")
    first = next((line for line in lines if line.strip()), "")
    margin = first[:len(first) - len(first.lstrip(" \t"))]
    if not margin:
        return None
    kept = frozenset(i for i, line in enumerate(lines, start=1) if line.strip() and not line.startswith(margin))
    return margin, "\n".join(line[len(margin):] if line.startswith(margin) else line for line in lines), kept


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def mask_cell(source: str) -> str:
    """Replace IPython-only syntax by Python on the same lines (see the module docstring)."""
    lines = source.split("\n")
    _mask(lines)
    return "\n".join(lines)


def _mask(lines: list[str]) -> None:
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return
    if lines[first][:1] in (" ", "\t"):  # IPython dedents such a cell: only all-escape cells can follow
        original = list(lines)
        _mask_code(lines, first)
        code = [i for i, line in enumerate(original) if line.strip()]
        if all(lines[i] != original[i] for i in code):
            for i in code:
                lines[i] = lines[i].lstrip(" \t")
        return
    _mask_code(lines, first)


def _mask_code(lines: list[str], first: int) -> None:
    head = lines[first].lstrip(" \t")
    if head.startswith("%%") and not _CELL_MAGIC_HELP.match(head):
        name = head[2:].rstrip().partition(" ")[0]
        lines[first] = _blank(lines[first])
        if name in PYTHON_CELL_MAGICS:
            body = lines[first + 1:]
            _mask(body)  # IPython's magic runs its body through transform_cell again
            lines[first + 1:] = body
        else:
            lines[first + 1:] = [_blank(line) for line in lines[first + 1:]]
        return
    if _may_escape(lines):
        _transform_tokens(lines)
    _automagic(lines)


def _automagic(lines: list[str]) -> None:
    """The shell's automagic (IPython.core.prefilter.AutoMagicChecker): in a one-line cell, a first
    word that names a line magic runs that magic (`pip install x`, `cd data`, `ls -l`), unless a user
    name shadows it. Which names the notebook defines is not known here, so only a line that is not
    Python anyway is taken for automagic (`run(model)` stays a call)."""
    start = next(i for i, line in enumerate(lines) if line.strip())
    end = len(lines) - 1 if lines[-1] == "" else len(lines)  # IPython counts a final blank line
    if end - start != 1:
        return
    text = lines[start].rstrip("\r")
    ifun, rest = _AUTOMAGIC_SPLIT.match(text).groups()
    if ifun not in _AUTOMAGICS or rest.lstrip()[:1] in ("=", ","):  # `ls = 1`: AssignmentChecker
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text.strip())
        return
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    lines[start] = "pass" + _blank(lines[start])  # IPython dedents a one-line cell


def _may_escape(lines: list[str]) -> bool:
    """A cheap necessary condition: skip the tokeniser for the (many) cells with no escape at all."""
    for line in lines:
        if "?" in line:
            return True
        head = line.lstrip()
        if head and head[0] in _ESCAPE_SINGLES:
            return True
    return _ASSIGNED_ESCAPE.search("\n".join(lines)) is not None


def _blank(line: str) -> str:
    return "\r" if line.endswith("\r") else ""


def _put(lines: list[str], row: int, end: int, text: str) -> None:
    """Row `row` becomes `text` (keeping a CR line ending), rows row+1..end become blank."""
    lines[row] = text + _blank(lines[row])
    for i in range(row + 1, min(end, len(lines) - 1) + 1):
        lines[i] = _blank(lines[i])


class _Candidate:
    __slots__ = ("kind", "group", "row", "col", "help_row")

    def __init__(self, kind: int, group: int, start: tuple[int, int], help_row: int = -1):
        self.kind, self.group = kind, group
        self.row, self.col = start[0] - 1, start[1]  # tokenize's 1-based rows -> 0-based
        self.help_row = help_row

    def key(self) -> tuple[int, int, int]:
        return self.row, self.col, _PRIORITY[self.kind]


def _logical_lines(lines: list[str], first: int = 0,
                   indents: tuple[str, ...] = ()) -> list[list[tokenize.TokenInfo]]:
    """IPython's make_tokens_by_line: tokens grouped by logical line. A bracketed expression or a
    string over several physical lines is one group; comments and blank lines are groups of their
    own. Tokenising stops at the first error (the groups so far are kept), as in IPython.

    With `first`, tokenising starts at that row, at the start of a logical line inside the blocks
    whose indentations are `indents` (re-created by one `if 1:` line each, whose tokens are dropped);
    positions stay those of the whole cell."""
    rows = lines[first:-1] if lines and lines[-1] == "" else lines[first:]
    nul = next((i for i, line in enumerate(rows) if "\x00" in line), None)
    if nul is not None:  # the cell cannot parse anyway; Python 3.12+'s tokenize fails with a SystemError
        rows = rows[:nul]
    prefix = len(indents)
    feed = iter([indent + "if 1:\n" for indent in indents] + [line + "\n" for line in rows])
    shift = first - prefix
    groups: list[list[tokenize.TokenInfo]] = [[]]
    depth = 0
    try:
        for token in tokenize.generate_tokens(lambda: next(feed, "")):
            if token.start[0] <= prefix:
                continue
            if shift:
                token = token._replace(start=(token.start[0] + shift, token.start[1]),
                                       end=(token.end[0] + shift, token.end[1]))
            groups[-1].append(token)
            if token.type == tokenize.NEWLINE or (token.type == tokenize.NL and depth <= 0):
                groups.append([])
            elif token.type == tokenize.OP and token.string in _OPEN:
                depth += 1
            elif token.type == tokenize.OP and token.string in _CLOSE and depth > 0:
                depth -= 1
    except tokenize.TokenError as err:
        if any(phrase in str(err.args[0]) for phrase in _CAUGHT_ERRORS):
            last = groups[-1][-1] if groups[-1] else groups[-2][-1] if len(groups) > 1 else None
            at = last.end if last is not None else (first + 1, 0)
            groups[-1].append(tokenize.TokenInfo(tokenize.ERRORTOKEN, "", at, at, last.line if last else ""))
    except (SyntaxError, ValueError):  # IndentationError; Python 3.12+ errors
        pass
    if not groups[-1]:
        groups.pop()
    return groups


_State = tuple[tuple[str, ...], int]  # the tokeniser's indentation stack and bracket balance


def _states(groups: list[list[tokenize.TokenInfo]], state: _State = ((), 0)) -> list[_State]:
    """The tokeniser's state at the start of each group (brackets unclamped: after a stray `)` the
    tokeniser reads the following lines as a continuation)."""
    out = []
    indents, balance = list(state[0]), state[1]
    for group in groups:
        out.append((tuple(indents), balance))
        for token in group:
            if token.type == tokenize.INDENT:
                indents.append(token.string)
            elif token.type == tokenize.DEDENT and indents:
                indents.pop()
            elif token.type == tokenize.OP:
                balance += (token.string in _OPEN) - (token.string in _CLOSE)
    return out


def _first_code(group: list[tokenize.TokenInfo]) -> Optional[int]:
    for i, token in enumerate(group):
        if token.type not in _LAYOUT:
            return i
    return None


def _assign_index(group: list[tokenize.TokenInfo]) -> Optional[int]:
    """IPython's _find_assign_op: the first `=` outside brackets."""
    depth = 0
    for i, token in enumerate(group):
        if token.type != tokenize.OP:
            continue
        if token.string == "=" and depth == 0:
            return i
        if token.string in _OPEN:
            depth += 1
        elif token.string in _CLOSE and depth > 0:
            depth -= 1
    return None


def _match(kind: int, groups: list[list[tokenize.TokenInfo]], g: int) -> Optional[_Candidate]:
    """IPython's `find` of one transformer, on group `g` only."""
    group = groups[g]
    if kind == _ESCAPED:
        i = _first_code(group)
        if i is not None and group[i].string in _ESCAPE_SINGLES:
            return _Candidate(kind, g, group[i].start)
    elif kind == _HELP:
        if len(group) > 2 and group[-2].string == "?":
            i = _first_code(group)
            if i is not None:
                return _Candidate(kind, g, group[i].start, group[-2].start[0] - 1)
    else:
        i = _assign_index(group)
        if i is None:
            return None
        if kind == _MAGIC_ASSIGN:
            if i + 2 < len(group) and group[i + 1].string == "%" and group[i + 2].type == tokenize.NAME:
                return _Candidate(kind, g, group[i + 1].start)
        elif not group[i].line.strip().startswith("="):
            # `x = !ls`: before Python 3.12 tokenize gives the `!` (and the spaces before it) as
            # ERRORTOKENs, since 3.12 one OP token
            j = i + 1
            while j < len(group) and group[j].type == tokenize.ERRORTOKEN and group[j].string.isspace():
                j += 1
            if j < len(group) and group[j].string == "!":
                return _Candidate(kind, g, group[j].start)
    return None


def _find(kind: int, groups: list[list[tokenize.TokenInfo]], start: int = 0) -> Optional[_Candidate]:
    for g in range(start, len(groups)):
        found = _match(kind, groups, g)
        if found is not None:
            return found
    return None


def _continued_end(lines: list[str], row: int) -> int:
    """IPython's find_end_of_continued_line: the last row of backslash-newline continuations.
    (Like IPython, a backslash before CR LF does not continue an escape line.)"""
    end = row
    while end < len(lines) - 1 and lines[end].endswith("\\"):
        end += 1
    return end


def _assembled(lines: list[str], row: int, col: int, end: int) -> str:
    """IPython's assemble_continued_line: the escape's text with its continuations joined."""
    parts = [lines[row][col:]] + lines[row + 1:end + 1]
    return " ".join([p.rstrip()[:-1] for p in parts[:-1]] + [parts[-1].rstrip()])


def _apply(lines: list[str], c: _Candidate) -> Optional[int]:
    """Transform one candidate in place; the last row it consumed, or None if IPython would refuse."""
    if c.kind == _HELP:
        piece = "".join(line + "\n" for line in lines[c.row:c.help_row + 1])
        if not _HELP_END.search(piece[c.col:]):
            return None  # IPython raises SyntaxError here and tries the next candidate
        _put(lines, c.row, c.help_row, lines[c.row][:c.col] + "pass")
        return c.help_row
    end = _continued_end(lines, c.row)
    if c.kind == _ESCAPED:
        text = _assembled(lines, c.row, c.col, end)
        if text[:1] == "/" and not text[1:].partition(" ")[0]:
            return None  # IPython >= 9: "/" must be followed by a callable name
        _put(lines, c.row, end, lines[c.row][:c.col] + "pass")
    else:
        _put(lines, c.row, end, lines[c.row][:c.col] + "...")
    return end


def _bracket_balance(group: list[tokenize.TokenInfo], start: tuple[int, int]) -> int:
    """Opening minus closing brackets from `start` on, as the tokeniser counts them (unclamped: after
    a stray `)` the tokeniser reads the following lines as a continuation)."""
    balance = 0
    for token in group:
        if token.type == tokenize.OP and token.start >= start:
            balance += (token.string in _OPEN) - (token.string in _CLOSE)
    return balance


def _transform_tokens(lines: list[str]) -> None:
    """IPython's do_token_transforms: transform the earliest escape, tokenise again, repeat.

    Tokenising the whole cell again after each transformation would cost O(escapes x cell). The
    groups before the transformed one are unchanged, and so is each transformer's first match among
    them. The old tokens after it are reused when that is provably the same: the transformed
    logical line ended on the last row the transformation consumed and the text it replaced opens
    as many brackets as it closes (so the tokeniser reaches the unchanged rows below in the same
    state), and no other transformer's first match was on that line (the new line holds no escape).
    Otherwise tokenising resumes where the transformed line starts, and only when the brackets
    before it do not balance is the whole cell tokenised again.
    """
    groups = _logical_lines(lines)
    states = _states(groups)
    firsts = [_find(kind, groups) for kind in range(4)]
    for _ in range(_TRANSFORM_LIMIT):
        ordered = sorted((c for c in firsts if c is not None), key=_Candidate.key)
        for candidate in ordered:
            end = _apply(lines, candidate)
            if end is not None:
                break
        else:
            return
        g = candidate.group
        group = groups[g]
        others = [c for c in firsts if c is not None and c is not candidate and c.group == g]
        if not others and group[-1].type in _ENDS and group[-1].start[0] - 1 == end \
                and _bracket_balance(group, (candidate.row + 1, candidate.col)) == 0:
            firsts[candidate.kind] = _find(candidate.kind, groups, g + 1)
            continue
        indents, balance = states[g]
        if balance:
            groups = _logical_lines(lines)
            states = _states(groups)
            firsts = [_find(kind, groups) for kind in range(4)]
        else:  # tokenise again from the row where group g starts, in the tokeniser's state there
            resumed = _logical_lines(lines, groups[g - 1][-1].end[0] if g else 0, indents)
            groups, states = groups[:g] + resumed, states[:g] + _states(resumed, states[g])
            firsts = [c if c is not None and c.group < g else _find(kind, groups, g)
                      for kind, c in enumerate(firsts)]


def _cell_text(cell: dict[str, Any], index: int) -> str:
    src = cell.get("source", "")
    if isinstance(src, list):
        if not all(isinstance(s, str) for s in src):
            raise SourceError(f"cell {index}: 'source' is not text")
        return "".join(src)
    if isinstance(src, str):
        return src
    raise SourceError(f"cell {index}: 'source' is not text")


def read_notebook(path: str, data: bytes) -> SourceFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SourceError(f"notebook is not UTF-8 (invalid byte at offset {err.start})")
    try:
        nb = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        msg = err.msg if isinstance(err, json.JSONDecodeError) else "nesting too deep"
        where = f" at line {err.lineno} column {err.colno}" if isinstance(err, json.JSONDecodeError) else ""
        raise SourceError(f"notebook is not valid JSON: {msg}{where}")
    if not isinstance(nb, dict):
        raise SourceError("notebook is not a JSON object")
    if "cells" not in nb:
        if "worksheets" in nb:
            raise SourceError("nbformat 3 notebooks are not supported (convert with `jupyter nbconvert --to notebook`)")
        raise SourceError("notebook has no 'cells' list")
    cells = nb["cells"]
    if not isinstance(cells, list):
        raise SourceError("notebook 'cells' is not a list")
    return build_program(path, cells, nb)


def build_program(path: str, cells: list, nb: dict) -> SourceFile:
    parts: list[str] = []
    spans: list[CellSpan] = []
    originals: dict[int, str] = {}
    line = 1
    for index, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            raise SourceError(f"cell {index} is not a JSON object")
        if cell.get("cell_type") != "code":
            continue
        source = _cell_text(cell, index)
        originals[index] = source
        margin, dedented = leading_indent(source)
        masked = mask_cell(dedented)
        kept: frozenset[int] = frozenset()
        if not margin and dedented.lstrip("\n")[:1] in (" ", "\t") and not _parses(masked):
            legacy = legacy_indent(source)
            if legacy is not None and _parses(mask_cell(legacy[1])):
                margin, dedented, kept = legacy
                masked = mask_cell(dedented)
        if masked.endswith("\n"):
            masked = masked[:-1]
        count = masked.count("\n") + 1
        spans.append(CellSpan(cell=index, first_line=line, line_count=count, margin=margin, kept=kept))
        parts.append(masked)
        line += count
    text = "\n".join(parts) + ("\n" if parts else "")
    return SourceFile(path=path, text=text, cells=tuple(spans), notebook=nb,
                      notebook_cell_sources=originals)


def mask_cell_lines(source: SourceFile, cell: int) -> SourceFile:
    """The same program with one cell blanked out (used to keep analysing past a broken cell)."""
    lines = source.text.split("\n")
    for span in source.cells or ():
        if span.cell == cell:
            for i in range(span.first_line - 1, span.first_line - 1 + span.line_count):
                if i < len(lines):
                    lines[i] = ""
    return SourceFile(path=source.path, text="\n".join(lines), cells=source.cells,
                      notebook=source.notebook, notebook_cell_sources=source.notebook_cell_sources)
