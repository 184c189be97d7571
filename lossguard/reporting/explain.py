"""`lossguard explain CODE`: a rule's document, its examples and what --fix does, as plain text.

The same text (the rule module's docstring plus its examples) is what SARIF carries as help.
"""

from __future__ import annotations

from typing import Optional

from lossguard.rules.base import Rule


def find_rule(code: str) -> Optional[Rule]:
    from lossguard.rules import load_rules as all_rules

    return next((r for r in all_rules() if r.code == code), None)


def rule_markdown(rule: Rule, all_examples: bool = True) -> str:
    parts = [f"# {rule.code} {rule.name} ({rule.severity})", "", rule.doc().strip(), ""]
    invalid = rule.invalid if all_examples else rule.invalid[:1]
    valid = rule.valid if all_examples else rule.valid[:1]
    for title, examples in (("## Example", invalid), ("## Use instead", valid)):
        if not examples:
            continue
        parts.append(title)
        for example in examples:
            if example.note:
                parts.append(f"{example.note[:1].upper()}{example.note[1:]}:")
            parts += ["```python", example.code.rstrip(), "```", ""]
    fix = {"safe": "safe fix available (`--fix`)", "unsafe": "unsafe fix available (`--fix --unsafe-fixes`)",
           "sometimes": "fixable in some cases (see Fix safety)", None: "no automatic fix"}[rule.fixable]
    parts.append(f"Fix: {fix}.")
    return "\n".join(parts).rstrip() + "\n"


def render(code: str) -> Optional[str]:
    rule = find_rule(code)
    return rule_markdown(rule) if rule else None
