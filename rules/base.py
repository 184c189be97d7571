"""The rule contract: what a rule file in `rules/` declares and returns.

A rule reads `ProgramFacts` and yields `Violation`s pointing at CST nodes carried by the facts. It
never walks syntax itself. Its module docstring is its documentation (ruff's sections: What it
does / Why is this bad? / Example / Use instead / Fix safety), and its VALID / INVALID examples are
run by the test suite; an INVALID example marks each expected report with a `# <- LGxxx` comment.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import ClassVar, Iterator, Optional

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import libcst as cst

    from lossguard.facts import ProgramFacts

ERROR = "error"
WARNING = "warning"
MARKER = re.compile(r"#\s*<-\s*((?:LG\d{3}[ ,]*)+)")


@dataclass(frozen=True)
class Edit:
    """One change to the tree: replace `node` by `code` (or by `with_node`), or remove `node`.

    `remove` deletes an argument or list element, and only where its container allows it
    (`rules.kit.deletable`: the last layer of a `Sequential`); the fixer enforces that, and uses
    `placeholder` (code, e.g. "nn.Identity()") instead where deleting would shift lines (notebooks)
    or is not allowed. `keyword` edits set a keyword argument on the Call `node`:
    `keyword=("from_logits", "True")`.
    """

    node: cst.CSTNode
    code: Optional[str] = None
    with_node: Optional[cst.CSTNode] = None
    remove: bool = False
    keyword: Optional[tuple[str, str]] = None
    placeholder: Optional[str] = None


@dataclass(frozen=True)
class Fix:
    description: str
    applicability: str  # "safe" | "unsafe"
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Violation:
    node: cst.CSTNode
    message: str
    related: tuple[tuple[cst.CSTNode, str], ...] = ()
    fix: Optional[Fix] = None
    facts: Optional[dict] = None  # plain-data facts behind the finding (JSON "facts", mirrored by the probe)


@dataclass(frozen=True)
class Example:
    code: str
    note: str = ""

    @property
    def expected(self) -> list[tuple[int, str]]:
        """(line, code) pairs marked with `# <- LGxxx`."""
        out = []
        for number, line in enumerate(self.code.splitlines(), start=1):
            match = MARKER.search(line)
            if match:
                for code in re.findall(r"LG\d{3}", match.group(1)):
                    out.append((number, code))
        return out


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[str]
    summary: ClassVar[str]  # one line: what the rule reports
    hint: ClassVar[str] = ""  # one line: what to do instead (printed under text findings)
    fixable: ClassVar[Optional[str]] = None  # None | "safe" | "unsafe" | "sometimes"
    supersedes: ClassVar[tuple[str, ...]] = ()  # same primary node: this rule's finding wins
    preview: ClassVar[bool] = False
    frameworks: ClassVar[tuple[str, ...]] = ("keras", "torch")
    invalid: ClassVar[list[Example]] = []
    valid: ClassVar[list[Example]] = []

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        raise NotImplementedError

    def supersedes_here(self, mine: Violation, other: Violation) -> bool:
        """At the same node, does this rule's finding make `other` (of a rule in `supersedes`)
        redundant? By default yes: one root cause, one finding."""
        return True

    @classmethod
    def doc(cls) -> str:
        module = sys.modules.get(cls.__module__)
        return (module.__doc__ or "").strip() if module else ""


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)

    def by_code(self) -> dict[str, Rule]:
        return {r.code: r for r in self.rules}
