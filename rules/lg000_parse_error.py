"""## What it does
Reports a file (or a notebook cell) that Python cannot parse, with the line and the parser's reason.

## Why is this bad?
A file that does not parse cannot be checked, and it will not run either. lossguard reports it as a
finding instead of stopping: the other files (and, in a notebook, the other cells) are still checked.

## Fix safety
No fix: fix the syntax error by hand.
"""

from __future__ import annotations

from typing import Iterator

from lossguard.facts import ProgramFacts
from lossguard.rules.base import ERROR, Example, Rule, Violation


class ParseError(Rule):
    code = "LG000"
    name = "parse-error"
    severity = ERROR
    summary = "the file (or notebook cell) cannot be parsed"
    hint = "fix the syntax error; the rest of the file cannot be checked until then"
    invalid = [Example("import torch\nmodel = torch.nn.Linear(4, 2\n")]
    valid = [Example("import torch\nmodel = torch.nn.Linear(4, 2)\n")]

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        return iter(())  # reported by the engine when parsing fails
