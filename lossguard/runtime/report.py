"""What a runtime check found, and how it is told: the report object and the three modes.

A `Finding` carries the static rule's code, name and severity (read from `lossguard.rules`, so the runtime
and `lossguard check` speak with one voice), a message worded like the static rule's, the numbers observed
on the batch, and the rule's hint. A `Report` collects the findings of one guard, watch or callback; an
`Emitter` tells each rule once per report: a warning (`warn`, the default), an exception (`raise`) or a
Python logging record (`log`).

The rule catalogue is imported only when a first finding is told (it pulls in libcst, ~0.3 s): a clean run
never pays for it.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from dataclasses import dataclass, field
from typing import Optional

MODES = ("warn", "raise", "log")
LOGGER = logging.getLogger("lossguard.runtime")

_RULE_CACHE: dict[str, tuple[str, str, str]] = {}


class LossGuardWarning(UserWarning):
    """A runtime check found evidence of a loss mistake (mode "warn")."""


class LossGuardError(RuntimeError):
    """A runtime check found evidence of a loss mistake (mode "raise"). `.findings` lists them."""

    def __init__(self, findings: list[Finding]):
        self.findings = list(findings)
        super().__init__("\n".join(f.text() for f in self.findings))


def rule_text(code: str) -> tuple[str, str, str]:
    """(name, severity, hint) of a static rule, from `lossguard.rules`."""
    if code not in _RULE_CACHE:
        from lossguard.rules import load_rules

        for rule in load_rules():
            _RULE_CACHE[rule.code] = (rule.name, rule.severity, rule.hint)
    return _RULE_CACHE[code]


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: str
    message: str  # worded like the static rule's message
    observed: str  # the numbers seen on the batch that make the evidence
    hint: str
    batch: int  # 1-based: the batch (or loss call) that showed it
    where: str  # what was checked: "nn.CrossEntropyLoss()", "the model's first layer (Conv2d)", ...

    def text(self) -> str:
        return (f"{self.code} {self.message}\n"
                f"  = observed on batch {self.batch}: {self.observed}\n"
                f"  = help: {self.hint}\n"
                f"  = see: lossguard explain {self.code}")

    def to_dict(self) -> dict:
        return {"rule": self.code, "name": self.name, "severity": self.severity, "message": self.message,
                "observed": self.observed, "hint": self.hint, "batch": self.batch, "where": self.where}


@dataclass
class Report:
    """Everything one guard / watch / callback checked and found."""

    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # one line per check: what was read, on which batch
    notes: list[str] = field(default_factory=list)  # why something was not checked
    batches: int = 0  # batches (or loss calls, for `guard`) inspected
    active: bool = True  # False once the hooks are removed

    @property
    def ok(self) -> bool:
        return not self.findings

    def codes(self) -> list[str]:
        return sorted({f.code for f in self.findings})

    def to_dict(self) -> dict:
        return {"findings": [f.to_dict() for f in self.findings], "checked": list(self.checked),
                "notes": list(self.notes), "batches": self.batches, "active": self.active}

    def __str__(self) -> str:
        head = (f"lossguard.runtime: {len(self.findings)} finding{'s' if len(self.findings) != 1 else ''} "
                f"in {self.batches} batch{'es' if self.batches != 1 else ''} checked")
        lines = [head] + [f.text() for f in self.findings]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


@dataclass(frozen=True)
class Evidence:
    """One check's verdict before it is worded as a finding (see `checks`)."""

    code: str
    message: str
    observed: str


_OWN = os.path.dirname(os.path.abspath(__file__))
_FRAMEWORKS = ("torch", "keras", "tensorflow", "lightning", "pytorch_lightning", "transformers", "accelerate",
               "jax", "optree", "tree")


def _is_library(filename: str) -> bool:
    filename = os.path.abspath(filename)
    if filename.startswith(_OWN):
        return True
    parts = filename.replace("\\", "/").split("/")
    for i, part in enumerate(parts[:-1]):
        if part in ("site-packages", "dist-packages"):
            return parts[i + 1].split(".")[0] in _FRAMEWORKS
    return False


def _user_stacklevel() -> int:
    """The stacklevel (for the caller of this function) of the first frame outside lossguard.runtime and the
    frameworks: the user's line, where the warning is shown."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None:
        if not _is_library(frame.f_code.co_filename):
            return level
        frame = frame.f_back
        level += 1
    return 1


class Emitter:
    """Tells findings in one mode, once per rule code, and records everything in the report."""

    def __init__(self, mode: str = "warn", report: Optional[Report] = None):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.mode = mode
        self.report = report if report is not None else Report()
        self._told: set[str] = set()

    def emit(self, evidence: list[Evidence], batch: int, where: str) -> list[Finding]:
        new = []
        for ev in evidence:
            if ev.code in self._told:
                continue
            self._told.add(ev.code)
            name, severity, hint = rule_text(ev.code)
            finding = Finding(ev.code, name, severity, ev.message, ev.observed, hint, batch, where)
            self.report.findings.append(finding)
            new.append(finding)
        if not new:
            return new
        if self.mode == "raise":
            raise LossGuardError(new)
        for finding in new:
            if self.mode == "warn":
                warnings.warn(finding.text(), LossGuardWarning, stacklevel=_user_stacklevel())
            else:
                level = logging.ERROR if finding.severity == "error" else logging.WARNING
                LOGGER.log(level, finding.text(), extra={"lossguard_finding": finding.to_dict()})
        return new
