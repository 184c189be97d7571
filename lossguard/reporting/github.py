"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

    ::error file=model.py,line=19,col=10,endLine=19,endColumn=42,title=LG101 (softmax-with-binary-crossentropy)::softmax over ...

Warnings use `::warning`. Values are escaped as the Actions runner expects: message data `%`→`%25`,
CR→`%0D`, LF→`%0A`; property values additionally `:`→`%3A` and `,`→`%2C`.

Columns are only given when the finding starts and ends on the same line: GitHub's annotations
accept `col`/`endColumn` on single-line ranges only. Notebook findings point at the line of the
.ipynb file that holds the offending source (see reporters/sarif.py) and their message starts with
`cell N, line L: `; a notebook that cannot be read back gets a file-level annotation.
A file that could not be read gets an `::error` annotation too (the CLI then exits 2).
"""

from __future__ import annotations

import os
from typing import Optional, Sequence

from lossguard.findings.model import FileProblem, Finding
from lossguard.reporting.sarif import NotebookPositions, cell_prefix


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _path(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def command(kind: str, message: str, **properties: Optional[object]) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{kind} {props}::{escape_data(message)}" if props else f"::{kind}::{escape_data(message)}"


def _span(finding: Finding, notebooks: NotebookPositions) -> dict[str, Optional[int]]:
    line, col, end_line, end_col = finding.line, finding.column, finding.end_line, finding.end_column
    if finding.cell is not None:
        start = notebooks.locate(finding.path, finding.cell, line, col)
        if start is None:
            return {}
        end = (notebooks.locate(finding.path, finding.cell, end_line, end_col)
               if end_line is not None and end_col is not None else None)
        line, col = start
        end_line, end_col = end if end else (None, None)
    if end_line is None or end_col is None or (end_line, end_col) < (line, col):
        return {"line": line, "col": col}
    if end_line != line:
        return {"line": line, "endLine": end_line}
    return {"line": line, "col": col, "endLine": end_line, "endColumn": end_col}


def report(findings: Sequence[Finding], problems: Sequence[FileProblem], options: dict) -> str:
    notebooks = NotebookPositions()
    lines = []
    for finding in sorted(findings, key=lambda f: (*f.sort_key(), f.message)):
        kind = "error" if finding.severity == "error" else "warning"
        lines.append(command(kind, cell_prefix(finding.cell, finding.line) + finding.message,
                             file=_path(finding.path), **_span(finding, notebooks),
                             title=f"{finding.rule} ({finding.name})"))
    for problem in sorted(problems, key=lambda p: (p.path, p.message)):
        lines.append(command("error", problem.message, file=_path(problem.path), title="lossguard (file not checked)"))
    return "".join(line + "\n" for line in lines)
