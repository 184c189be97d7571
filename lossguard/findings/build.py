"""Violations (CST nodes) become findings (files, cells, lines, columns).

A program is its checked file plus the project modules it imported, so a violation's nodes may sit in
several files: each node is positioned in the module that holds it (`ProgramFacts.module_of`), and
only the nodes that end up in findings are positioned at all (positions.py). The checked file's
findings carry its display path; another module's carry its absolute path, which the run turns into
the form the user sees (checker/run.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lossguard.findings.model import Finding, FixInfo, Related
from lossguard.findings.suppressions import is_suppressed
from lossguard.sources.files import SourceFile

if TYPE_CHECKING:
    import libcst as cst

    from lossguard.facts import ProgramFacts
    from lossguard.rules.base import Rule, Violation
    from lossguard.sources.parsing import Parsed


@dataclass
class ModuleText:
    """A file of the program as the positions need it."""

    source: SourceFile
    parsed: "Parsed"
    path: str  # as findings name it
    is_entry: bool = False


def module_texts(entry_source: SourceFile, entry_parsed: "Parsed", facts: "ProgramFacts",
                 nodes: list["cst.CSTNode"]) -> tuple[dict[int, ModuleText], ModuleText]:
    """id(node) → the file that holds it, for the given nodes."""
    entry = ModuleText(entry_source, entry_parsed, entry_source.path, True)
    texts: dict[int, ModuleText] = {}
    by_module: dict[int, ModuleText] = {}
    for node in nodes:
        module: Any = facts.module_of(node)
        local = getattr(module, "source", None)
        if local is None:
            texts[id(node)] = entry
            continue
        text = by_module.get(id(local))
        if text is None:
            text = by_module[id(local)] = ModuleText(local.source, local.parsed, local.path)
        texts[id(node)] = text
    return texts, entry


def build_findings(entry_source: SourceFile, entry_parsed: "Parsed", facts: "ProgramFacts",
                   violations: list[tuple["Rule", "Violation"]]) -> list[tuple["Rule", "Violation", Finding]]:
    """Position every violation; drop those whose node cannot be positioned or that a comment silences."""
    if not violations:
        return []
    from lossguard.findings.positions import compute_ranges

    nodes: list[cst.CSTNode] = []
    for _, violation in violations:
        nodes.append(violation.node)
        nodes.extend(node for node, _ in violation.related)
    texts, entry = module_texts(entry_source, entry_parsed, facts, nodes)
    anchors = _anchors(violations, texts, facts)
    for anchor in anchors.values():
        facts.statement_of.setdefault(id(anchor), anchor)  # a statement is positioned within itself
        texts[id(anchor)] = entry
        nodes.append(anchor)
    ranges: dict[int, Any] = {}
    groups: dict[int, tuple[ModuleText, list[cst.CSTNode]]] = {}
    for node in nodes:
        text = texts[id(node)]
        groups.setdefault(id(text), (text, []))[1].append(node)
    for text, members in groups.values():
        ranges.update(compute_ranges(text.parsed.module, members, facts.statement_of, text.parsed.tree,
                                     text.source.text))
    out = []
    for rule, violation in violations:
        where = ranges.get(id(violation.node))
        if where is None:
            continue
        home = texts[id(violation.node)]
        cell, line = home.source.locate(where.start.line)
        end_cell, end_line = home.source.locate(where.end.line)
        if is_suppressed(home.source, rule.code, line, cell):
            continue
        related = []
        silenced = False
        for node, message in violation.related:
            r = ranges.get(id(node))
            if r is None:
                continue
            there = texts[id(node)]
            rcell, rline = there.source.locate(r.start.line)
            if there is not home and is_suppressed(there.source, rule.code, rline, rcell):
                silenced = True
            related.append(Related(there.path, rline, there.source.cell_column(r.start.line, r.start.column + 1),
                                   message, rcell))
        if silenced:
            continue
        anchor = anchors.get(id(violation))
        if anchor is not None and id(anchor) in ranges:
            a = ranges[id(anchor)]
            acell, aline = entry.source.locate(a.start.line)
            related.append(Related(entry.path, aline, entry.source.cell_column(a.start.line, a.start.column + 1),
                                   ANCHOR_MESSAGE, acell))
        fix = None
        if violation.fix is not None:
            shared = any(facts.module_of(edit.node) is not None for edit in violation.fix.edits)
            # a fix in an imported module changes it for every program that imports it: unsafe
            fix = FixInfo(violation.fix.description, "unsafe" if shared else violation.fix.applicability)
        out.append((rule, violation, Finding(
            rule=rule.code, name=rule.name, severity=rule.severity, path=home.path, line=line,
            column=home.source.cell_column(where.start.line, where.start.column + 1), message=violation.message,
            hint=rule.hint, end_line=end_line if end_cell == cell else line,
            end_column=home.source.cell_column(where.end.line, where.end.column + 1) if end_cell == cell else None,
            cell=cell, related=tuple(related), fix=fix, facts=violation.facts,
        )))
    return out


ANCHOR_MESSAGE = "the checked file's code that reaches this"


def _anchors(violations: list[tuple["Rule", "Violation"]], texts: dict[int, ModuleText],
             facts: "ProgramFacts") -> dict[int, "cst.CSTNode"]:
    """For a violation that lies wholly in imported modules but was reached by running the checked
    file (not while a module was imported), the checked file's statement that reached it."""
    out: dict[int, cst.CSTNode] = {}
    for _, violation in violations:
        nodes = [violation.node] + [node for node, _ in violation.related]
        if any(texts[id(node)].is_entry for node in nodes):
            continue
        anchor = next((facts.anchor_of[id(n)] for n in nodes if id(n) in facts.anchor_of), None)
        if anchor is not None:
            out[id(violation)] = anchor
    return out
