"""`--format sarif`: a SARIF 2.1.0 log (GitHub code scanning, VS Code SARIF viewer, Azure DevOps).

One run. `tool.driver.rules` holds every rule of the catalogue (sorted by code, preview rules with
`defaultConfiguration.enabled: false`), so viewers can show a rule's full document (`help`, the
same text as `lossguard explain CODE`) next to each result. Files that could not be read become
`invocations[0].toolExecutionNotifications` and make `executionSuccessful` false (the CLI exits 2).

Locations: `artifactLocation.uri` is the path as lossguard printed it, as a percent-encoded POSIX
URI reference; relative paths carry `uriBaseId: "%SRCROOT%"` (GitHub resolves them against the
checkout root, so run lossguard from the repository root), absolute paths become `file://` URIs.
Columns are Unicode code points (`run.columnKind: "unicodeCodePoints"`); `endColumn` is exclusive,
as in SARIF.

Notebooks: a SARIF region addresses the artifact itself, so a position relative to a cell would
point at unrelated JSON. For `.ipynb` findings the region is therefore translated to the line and
column of the offending source text *inside the .ipynb file* (the reporter reads the notebook once
to do so: GitHub shows and fingerprints that line), and the cell coordinates are kept in
`properties` (`cell`, `cellLine`, `cellColumn`, `cellEndLine`, `cellEndColumn`) and at the start of
the message text (`cell 3, line 8: ...`). If the notebook cannot be read back (stdin, file changed
or gone) the region is `startLine: 1` and `properties.notebookRegion` says `"unmapped"`.

Fixes: SARIF `fixes` need the replacement text of each artifact change, which the checker does not
compute, so the fix is described in `result.properties.fix` instead (`description`,
`applicability`). The output is deterministic: sorted results, no timestamps, no absolute paths
that were not given.
"""

from __future__ import annotations

import bisect
import json
import os
import pathlib
import re
from typing import Any, Optional, Sequence
from urllib.parse import quote

from lossguard.findings.model import FileProblem, Finding, Related

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FILE_NOT_CHECKED = "file-not-checked"

_SECTION = re.compile(r"^## (.+?)\s*$", re.M)


# --- paths ------------------------------------------------------------------------------------

def artifact_location(path: str) -> dict[str, Any]:
    """A SARIF artifactLocation for a path as lossguard displays it."""
    if os.path.isabs(path):
        return {"uri": pathlib.Path(path).as_uri()}
    posix = path.replace(os.sep, "/") if os.sep != "/" else path
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}


# --- notebook positions -----------------------------------------------------------------------

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_WS = " \t\n\r"


class _Scan:
    """Just enough of a JSON reader to know where each character of each cell's source sits."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.decoder = json.JSONDecoder()

    def ws(self, pos: int) -> int:
        raw = self.raw
        while pos < len(raw) and raw[pos] in _WS:
            pos += 1
        return pos

    def expect(self, pos: int, char: str) -> int:
        pos = self.ws(pos)
        if pos >= len(self.raw) or self.raw[pos] != char:
            raise ValueError(f"expected {char!r} at offset {pos}")
        return pos + 1

    def skip_value(self, pos: int) -> int:
        _, end = self.decoder.raw_decode(self.raw, self.ws(pos))
        return end

    def string(self, pos: int) -> tuple[str, list[int], int]:
        """The string starting at `pos` (a quote): text, raw offset of each character, end."""
        raw = self.raw
        pos = self.expect(pos, '"')
        start = pos
        chars: list[str] = []
        offsets: list[int] = []
        while True:
            if pos >= len(raw):
                raise ValueError("unterminated string")
            char = raw[pos]
            if char == '"':
                break
            offsets.append(pos)
            if char == "\\":
                esc = raw[pos + 1: pos + 2]
                if esc == "u":
                    code = int(raw[pos + 2: pos + 6], 16)
                    pos += 6
                    if 0xD800 <= code < 0xDC00 and raw[pos: pos + 2] == "\\u":
                        low = int(raw[pos + 2: pos + 6], 16)
                        if 0xDC00 <= low < 0xE000:
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            pos += 6
                    chars.append(chr(code))
                elif esc in _ESCAPES:
                    chars.append(_ESCAPES[esc])
                    pos += 2
                else:
                    raise ValueError(f"bad escape at offset {pos}")
            else:
                chars.append(char)
                pos += 1
        text = "".join(chars)
        if json.decoder.scanstring(raw, start)[0] != text:  # belt and braces
            raise ValueError("string decoding mismatch")
        return text, offsets + [pos], pos + 1

    def members(self, pos: int):
        """Yield (key, value_position) for an object starting at `pos`; send back the value end."""
        pos = self.expect(pos, "{")
        pos = self.ws(pos)
        if self.raw[pos: pos + 1] == "}":
            return pos + 1
        while True:
            key, _, pos = self.string(pos)
            pos = self.ws(self.expect(pos, ":"))
            pos = yield key, pos
            pos = self.ws(pos)
            if self.raw[pos: pos + 1] == ",":
                pos += 1
                continue
            return self.expect(pos, "}")

    def walk_object(self, pos: int, handle) -> int:
        """Walk an object; `handle(key, pos)` returns the value's end or None to skip the value."""
        gen = self.members(pos)
        try:
            key, at = next(gen)
            while True:
                end = handle(key, at)
                key, at = gen.send(self.skip_value(at) if end is None else end)
        except StopIteration as stop:
            return stop.value

    def array(self, pos: int, item) -> int:
        pos = self.ws(self.expect(pos, "["))
        if self.raw[pos: pos + 1] == "]":
            return pos + 1
        while True:
            pos = self.ws(item(pos))
            if self.raw[pos: pos + 1] == ",":
                pos += 1
                continue
            return self.expect(pos, "]")


def _cell_sources(raw: str) -> dict[int, tuple[str, list[int]]]:
    """cell number (1-based among all cells) -> (source text, raw offset of each char + end)."""
    scan = _Scan(raw)
    cells: dict[int, tuple[str, list[int]]] = {}

    def source_value(pos: int) -> tuple[str, list[int], int]:
        pos = scan.ws(pos)
        if raw[pos: pos + 1] == '"':
            return scan.string(pos)
        parts: list[tuple[str, list[int]]] = []

        def piece(p: int) -> int:
            text, offsets, end = scan.string(p)
            parts.append((text, offsets))
            return end

        end = scan.array(pos, piece)
        text = "".join(t for t, _ in parts)
        offsets: list[int] = []
        for t, offs in parts:
            offsets.extend(offs[:-1])
        offsets.append(parts[-1][1][-1] if parts else pos)
        return text, offsets, end

    def cell(pos: int) -> int:
        number = len(cells_seen) + 1
        cells_seen.append(number)

        def member(key: str, at: int) -> Optional[int]:
            if key != "source":
                return None
            text, offsets, end = source_value(at)
            cells[number] = (text, offsets)
            return end

        return scan.walk_object(pos, member)

    cells_seen: list[int] = []

    def top(key: str, at: int) -> Optional[int]:
        return scan.array(at, cell) if key == "cells" else None

    scan.walk_object(0, top)
    return cells


class NotebookPositions:
    """Translates (cell, line, column) into (line, column) of the .ipynb file, reading each once."""

    def __init__(self) -> None:
        self._files: dict[str, Optional[tuple[dict[int, tuple[str, list[int]]], list[int]]]] = {}

    def _load(self, path: str):
        if path not in self._files:
            loaded = None
            try:
                with open(path, "rb") as handle:
                    raw = handle.read().decode("utf-8-sig")
                line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
                loaded = (_cell_sources(raw), line_starts)
            except (OSError, ValueError, UnicodeDecodeError, RecursionError, IndexError):
                loaded = None
            self._files[path] = loaded
        return self._files[path]

    def locate(self, path: str, cell: int, line: int, column: int) -> Optional[tuple[int, int]]:
        loaded = self._load(path)
        if loaded is None:
            return None
        cells, line_starts = loaded
        if cell not in cells:
            return None
        text, offsets = cells[cell]
        start = 0
        for _ in range(line - 1):
            newline = text.find("\n", start)
            if newline < 0:
                return None
            start = newline + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        index = min(start + max(column, 1) - 1, line_end)
        offset = offsets[index]
        row = bisect.bisect_right(line_starts, offset)
        return row, offset - line_starts[row - 1] + 1


def cell_prefix(cell: Optional[int], line: int) -> str:
    return f"cell {cell}, line {line}: " if cell is not None else ""


# --- SARIF objects ----------------------------------------------------------------------------

def _section(doc: str, title: str) -> str:
    """The body of one `## title` section of a rule document."""
    matches = list(_SECTION.finditer(doc))
    for i, match in enumerate(matches):
        if match.group(1).strip().lower() == title.lower():
            end = matches[i + 1].start() if i + 1 < len(matches) else len(doc)
            return doc[match.end(): end].strip()
    return ""


def _rule_descriptor(rule) -> dict[str, Any]:
    from lossguard.reporting.explain import rule_markdown

    doc = rule.doc()
    what = _section(doc, "What it does") or rule.summary
    document = rule_markdown(rule)
    configuration: dict[str, Any] = {"level": "error" if rule.severity == "error" else "warning"}
    if rule.preview:
        configuration["enabled"] = False
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(what.split()), "markdown": what},
        "help": {"text": document, "markdown": document},
        "defaultConfiguration": configuration,
        "properties": {
            "tags": ["correctness", "machine-learning", *sorted(rule.frameworks)],
            "precision": "high",
            "fixable": rule.fixable or "no",
            "preview": bool(rule.preview),
        },
    }


class _Regions:
    def __init__(self) -> None:
        self.notebooks = NotebookPositions()

    def physical(self, path: str, line: int, column: int, end_line: Optional[int], end_column: Optional[int],
                 cell: Optional[int], properties: dict[str, Any]) -> dict[str, Any]:
        region: dict[str, Any]
        if cell is not None:
            properties.update(cell=cell, cellLine=line, cellColumn=column)
            if end_line is not None and end_column is not None:
                properties.update(cellEndLine=end_line, cellEndColumn=end_column)
            start = self.notebooks.locate(path, cell, line, column)
            end = (self.notebooks.locate(path, cell, end_line, end_column)
                   if start and end_line is not None and end_column is not None else None)
            if start is None:
                properties["notebookRegion"] = "unmapped"
                region = {"startLine": 1}
            else:
                region = _region(start[0], start[1], end[0] if end else None, end[1] if end else None)
        else:
            region = _region(line, column, end_line, end_column)
        return {"artifactLocation": artifact_location(path), "region": region}


def _region(line: int, column: int, end_line: Optional[int], end_column: Optional[int]) -> dict[str, Any]:
    line, column = max(line, 1), max(column, 1)
    region: dict[str, Any] = {"startLine": line, "startColumn": column}
    if end_line is not None and end_column is not None and (end_line, end_column) >= (line, column):
        region["endLine"] = end_line
        region["endColumn"] = max(end_column, 1)
    return region


def _related(regions: _Regions, index: int, rel: Related) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    physical = regions.physical(rel.path, rel.line, rel.column, None, None, rel.cell, properties)
    location: dict[str, Any] = {"id": index, "physicalLocation": physical,
                                "message": {"text": cell_prefix(rel.cell, rel.line) + rel.message}}
    if properties:
        location["properties"] = properties
    return location


def _result(finding: Finding, rule_index: dict[str, int], regions: _Regions) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    physical = regions.physical(finding.path, finding.line, finding.column, finding.end_line,
                                finding.end_column, finding.cell, properties)
    result: dict[str, Any] = {"ruleId": finding.rule}
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    result["level"] = "error" if finding.severity == "error" else "warning"
    result["message"] = {"text": cell_prefix(finding.cell, finding.line) + finding.message}
    result["locations"] = [{"physicalLocation": physical}]
    if finding.related:
        result["relatedLocations"] = [_related(regions, i, rel) for i, rel in enumerate(finding.related, start=1)]
    properties["name"] = finding.name
    if finding.hint:
        properties["hint"] = finding.hint
    if finding.fix is not None:
        properties["fix"] = {"description": finding.fix.description, "applicability": finding.fix.applicability}
    if finding.facts is not None:
        properties["facts"] = finding.facts
    result["properties"] = properties
    return result


def build_log(findings: Sequence[Finding], problems: Sequence[FileProblem]) -> dict[str, Any]:
    from lossguard import __version__
    from lossguard.rules import load_rules as all_rules

    rules = sorted(all_rules(), key=lambda r: r.code)
    descriptors = [_rule_descriptor(rule) for rule in rules]
    rule_index = {rule.code: i for i, rule in enumerate(rules)}
    for finding in findings:  # a code outside the catalogue still gets a descriptor
        if finding.rule not in rule_index:
            rule_index[finding.rule] = len(descriptors)
            descriptors.append({"id": finding.rule, "name": finding.name,
                                "shortDescription": {"text": finding.name}})
    regions = _Regions()
    ordered = sorted(findings, key=lambda f: (*f.sort_key(), f.message))
    notifications = [{
        "level": "error",
        "message": {"text": f"{problem.path}: {problem.message}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(problem.path)}}],
        "descriptor": {"id": FILE_NOT_CHECKED, "index": 0},
    } for problem in sorted(problems, key=lambda p: (p.path, p.message))]
    invocation: dict[str, Any] = {"executionSuccessful": not problems}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "lossguard",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
                "notifications": [{
                    "id": FILE_NOT_CHECKED,
                    "shortDescription": {"text": "a file could not be read or analysed, so it was not checked"},
                    "defaultConfiguration": {"level": "error"},
                }],
            }},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": [_result(f, rule_index, regions) for f in ordered],
        }],
    }


def report(findings: Sequence[Finding], problems: Sequence[FileProblem], options: dict) -> str:
    return json.dumps(build_log(findings, problems), indent=2, ensure_ascii=False) + "\n"
