"""The finding model shared by the runner, the reporters and the fixer.

A rule produces a `RuleFinding` that still points at CST nodes; the runner turns it into a
`Finding` with 1-based positions (only for nodes that end up reported, see positions.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Related:
    """The other half of a mismatch (e.g. the loss when the finding points at the activation)."""

    path: str
    line: int
    column: int
    message: str
    cell: Optional[int] = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "line": self.line, "column": self.column,
                                "message": self.message}
        if self.cell is not None:
            data["cell"] = self.cell
        return data


@dataclass(frozen=True)
class FixInfo:
    """What `--fix` would do for a finding: a human description and whether it is safe."""

    description: str
    applicability: str  # "safe" | "unsafe"

    def to_json(self) -> dict[str, Any]:
        return {"message": self.description, "applicability": self.applicability}


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    severity: str
    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    end_line: Optional[int] = None
    end_column: Optional[int] = None
    cell: Optional[int] = None
    related: tuple[Related, ...] = ()
    fix: Optional[FixInfo] = None
    facts: Optional[dict] = None
    superseded_by: Optional[str] = None  # the more specific rule reported at the same node instead

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.line, self.column, self.rule)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }
        if self.cell is not None:
            data["cell"] = self.cell
        if self.end_line is not None:
            data["end_line"] = self.end_line
            data["end_column"] = self.end_column
        if self.hint:
            data["hint"] = self.hint
        data["related"] = [r.to_json() for r in self.related]
        data["fix"] = self.fix.to_json() if self.fix else None
        if self.facts is not None:
            data["facts"] = self.facts
        if self.superseded_by is not None:
            data["superseded_by"] = self.superseded_by
        return data

    @staticmethod
    def from_json(data: dict[str, Any]) -> "Finding":
        fix = data.get("fix")
        return Finding(
            rule=data["rule"], name=data["name"], severity=data["severity"], path=data["path"],
            line=data["line"], column=data["column"], message=data["message"],
            hint=data.get("hint", ""), end_line=data.get("end_line"),
            end_column=data.get("end_column"), cell=data.get("cell"),
            related=tuple(Related(r["path"], r["line"], r["column"], r["message"], r.get("cell"))
                          for r in data.get("related", [])),
            fix=FixInfo(fix["message"], fix["applicability"]) if fix else None,
            facts=data.get("facts"), superseded_by=data.get("superseded_by"),
        )


@dataclass(frozen=True)
class FileProblem:
    """A file lossguard could not read: reported as one line, never as a traceback."""

    path: str
    message: str
    fatal: bool = True  # False for notices (e.g. a file skipped for its size): no effect on exit status


@dataclass(frozen=True)
class Dependencies:
    """What a program's result depends on besides its own file: the project modules it read (with
    their sha1), and the module names that did not resolve to a project file under its import roots
    (creating such a file changes the result too)."""

    files: tuple[tuple[str, str], ...] = ()
    roots: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"files": [list(f) for f in self.files], "roots": list(self.roots), "missing": list(self.missing)}

    @staticmethod
    def from_json(data: Any) -> "Dependencies":
        if not isinstance(data, dict):
            raise ValueError("dependencies are not an object")
        files = tuple((str(p), str(d)) for p, d in data.get("files", []))
        return Dependencies(files, tuple(str(r) for r in data.get("roots", [])),
                            tuple(str(m) for m in data.get("missing", [])))


@dataclass
class FileResult:
    """Everything the check of one file produced."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    fixed_text: Optional[str] = None  # set by --fix/--diff when the file changed
    original_text: Optional[str] = None
    deps: Optional[Dependencies] = None  # set when the analysis followed imports into the project
    superseded: list[Finding] = field(default_factory=list)  # dropped for a more specific finding at the same node
