"""`check --add-noqa`: write `# noqa: LGxxx` on each reported line (the way a team adopts a linter on
an old code base: everything reported today is marked, new findings fail).

Exact text positions from Python's own tokeniser, never a reformat: only the reported lines change,
each gets `  # noqa: LG101` at its end (before the line break, which is kept), or its codes are merged
into the suppression comment already there (`# noqa: E501` becomes `# noqa: E501, LG101`,
`# lossguard: ignore[LG1]` gets `, LG302` inside its brackets). A line whose end is inside a string
(a triple-quoted string that continues) or continued by a backslash cannot hold a comment: it is left
alone and named on stderr. Every new line is read back with the same function `check` uses
(findings/suppressions.py), so a comment is only written where it silences the finding, and running
`--add-noqa` again changes nothing. In a notebook only the reported cell's source line changes (the
notebook's JSON is patched in its own style, like `--fix`). Findings whose primary location is in an
imported module that was not checked get the comment on their related line in the checked file
(suppressions are honoured there). Parse errors (LG000) are never marked.
"""

from __future__ import annotations

import functools
import io
import os
import re
import tokenize
from dataclasses import dataclass, field
from typing import Optional, Sequence

import click

from lossguard.checker.run import collect_targets, run_check
from lossguard.config.settings import Settings
from lossguard.findings.model import Finding
from lossguard.findings.suppressions import _SUPPRESS, suppressed_codes
from lossguard.sources.files import SourceError, SourceFile, encode_python, read_bytes
from lossguard.sources.read import read_source

_ENDING = re.compile(r"(\r\n|\r|\n)?$")


@dataclass
class NoqaResult:
    added: int = 0  # lines that got a comment or more codes
    refused: list[str] = field(default_factory=list)  # "path:line: why" for lines that cannot hold one
    problems: list[str] = field(default_factory=list)


def run_add_noqa(paths: Sequence[str], settings: Settings, force_exclude: bool = False, quiet: bool = False) -> int:
    """Exit status: 0 when every reported finding is now silenced, 1 when some could not be (named on
    stderr), 2 when a file could not be read or written."""
    targets, _ = collect_targets(paths, settings, force_exclude)
    report = run_check(paths, settings, jobs=os.cpu_count() or 1, force_exclude=force_exclude)
    for problem in report.problems:
        click.echo(f"lossguard: {problem.path}: {problem.message}", err=True)
    by_display = {t.display: t.path for t in targets}
    wanted: dict[str, dict[tuple[Optional[int], int], set[str]]] = {}
    for finding in report.findings:
        place = _place(finding, by_display)
        if place is not None:
            path, cell, line = place
            wanted.setdefault(path, {}).setdefault((cell, line), set()).add(finding.rule)
    result = NoqaResult()
    for display in sorted(wanted):
        add_noqa_file(display, by_display[display], wanted[display], result)
    for line in result.refused:
        click.echo(f"lossguard: {line}", err=True)
    for line in result.problems:
        click.echo(f"lossguard: {line}", err=True)
    if not quiet:
        click.echo(f"Added {result.added} noqa directive{'s' if result.added != 1 else ''}.", err=True)
    if result.problems or any(p.fatal for p in report.problems):
        return 2
    return 1 if result.refused else 0


def _place(finding: Finding, checked: dict[str, str]) -> Optional[tuple[str, Optional[int], int]]:
    """Where the comment for a finding goes: its own line in a checked file, else its first related
    line in one (a finding of an imported module reached from a checked file)."""
    if finding.rule == "LG000":
        return None
    if finding.path in checked:
        return finding.path, finding.cell, finding.line
    for rel in finding.related:
        if rel.path in checked:
            return rel.path, rel.cell, rel.line
    return None


def add_noqa_file(display: str, path: str, lines: dict[tuple[Optional[int], int], set[str]], result: NoqaResult) -> None:
    from lossguard.fixing.apply import notebook_bytes, write_atomic

    try:
        data = read_bytes(path)
        source = read_source(path, display, data)
    except SourceError as err:
        result.problems.append(f"{display}: {err}")
        return
    if source.is_notebook:
        program = source.text.split("\n")
        count = 0
        for (cell, line), codes in sorted(lines.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1])):
            span = next((s for s in source.cells or () if s.cell == cell), None)
            if span is None or not 0 < line <= span.line_count:
                result.refused.append(f"{display}:cell {cell}:{line}: no such line in the notebook")
                continue
            index = span.first_line - 1 + line - 1
            original = (source.notebook_cell_sources or {}).get(cell, "").split("\n")
            if line > len(original) or original[line - 1] != span.margin_at(line) + program[index]:
                result.refused.append(f"{display}:cell {cell}:{line}: the line is not Python as written (IPython syntax)")
                continue
            cell_text = "\n".join(program[span.first_line - 1:span.first_line - 1 + span.line_count]) + "\n"
            new, why = _with_noqa(cell_text, line, program[index], codes)
            if new is None:
                result.refused.append(f"{display}:cell {cell}:{line}: {why}")
                continue
            if new != program[index]:
                program[index] = new
                count += 1
        if not count:
            return
        encoded = notebook_bytes(source, "\n".join(program), data)
    else:
        text_lines = _split_keeping_ends(source.text)
        count = 0
        for (_, line), codes in sorted(lines.items(), key=lambda kv: kv[0][1]):
            if not 0 < line <= len(text_lines):
                result.refused.append(f"{display}:{line}: no such line")
                continue
            new, why = _with_noqa(source.text, line, text_lines[line - 1], codes)
            if new is None:
                result.refused.append(f"{display}:{line}: {why}")
                continue
            if new != text_lines[line - 1]:
                text_lines[line - 1] = new
                count += 1
        if not count:
            return
        encoded = encode_python(source, "".join(text_lines))
    if encoded is None:
        result.problems.append(f"{display}: the notebook could not be written back; nothing changed")
        return
    try:
        write_atomic(path, encoded)
    except OSError as err:
        result.problems.append(f"{display}: not written: {err.strerror or err}")
        return
    result.added += count


def _split_keeping_ends(text: str) -> list[str]:
    """Lines with their ends, split where Python splits them (\\r\\n, \\r, \\n; not \\f or \\v)."""
    parts = re.split(r"(\r\n|\r|\n)", text)
    out = [parts[i] + parts[i + 1] for i in range(0, len(parts) - 1, 2)]
    if parts[-1]:
        out.append(parts[-1])
    return out


@functools.lru_cache(maxsize=16)
def _line_ends(text: str) -> tuple[set[int], dict[int, tuple[int, str]]]:
    """Lines whose end a comment may follow (the tokeniser ends a logical or a blank line there), and
    each line's comment: line → (column, text)."""
    normal = re.sub(r"\r\n?", "\n", text)
    ends: set[int] = set()
    comments: dict[int, tuple[int, str]] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(normal).readline):
            if token.type in (tokenize.NEWLINE, tokenize.NL):
                ends.add(token.start[0])
            elif token.type == tokenize.COMMENT:
                comments[token.start[0]] = (token.start[1], token.string)
                ends.add(token.start[0])
    except (tokenize.TokenError, SyntaxError):
        pass  # what was read so far is still exact
    return ends, comments


def _with_noqa(text: str, line: int, current: str, codes: set[str]) -> tuple[Optional[str], str]:
    """The line with the codes suppressed on it, or (None, why not)."""
    have = suppressed_codes(current)
    if have is not None and (not have or all(any(code.startswith(c) for c in have) for code in codes)):
        return current, ""  # already silenced (idempotent)
    ends, comments = _line_ends(text)
    if line not in ends:
        return None, ("cannot hold a comment: the line ends inside a string or continues with a backslash; "
                      f"silence {', '.join(sorted(codes))} on the statement's first line by hand")
    ending = _ENDING.search(current).group(0)  # type: ignore[union-attr]
    body = current[:len(current) - len(ending)]
    comment = comments.get(line)
    missing = sorted(code for code in codes if not (have and any(code.startswith(c) for c in have)))
    if comment is not None and _SUPPRESS.search(comment[1]) and comment[0] < len(body):
        column, old = comment
        match = _SUPPRESS.search(old)
        assert match is not None
        if match.group(1) and match.group(1).strip():
            at = match.start(1) + len(match.group(1).rstrip())
            new_comment = old[:at] + ", " + ", ".join(missing) + old[at:]
        else:  # `# noqa:` with nothing after it
            at = match.end()
            new_comment = old[:at].rstrip() + (" " if old[:at].rstrip().endswith(":") else ": ") + ", ".join(missing) + old[at:]
        new_body = body[:column] + new_comment + body[column + len(old):]
    else:
        new_body = body.rstrip(" \t") + "  # noqa: " + ", ".join(missing)
    new = new_body + ending
    after = suppressed_codes(new)
    if after is None or (after and not all(any(code.startswith(c) for c in after) for code in codes)):
        return None, "an earlier `# noqa` on the line (inside a string?) would hide the comment; left alone"
    return new, ""
