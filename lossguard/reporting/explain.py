"""`lossguard explain CODE|NAME`: a rule's document, its examples and what --fix does.

The document is Markdown (the rule module's docstring plus its examples; the same text SARIF carries
as help). `render_terminal` turns it into text for a terminal: headings without their `#` marks
(bold, or underlined when there is no colour), code blocks indented without their fences (cyan),
inline code and bold without their marks when colour shows them.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from lossguard.rules.base import Rule


def find_rule(code_or_name: str) -> Optional[Rule]:
    """A rule by code (`LG101`, any case) or by name (`softmax-on-single-unit`, `_` for `-` too)."""
    from lossguard.rules import load_rules as all_rules

    wanted = code_or_name.strip()
    code, name = wanted.upper(), wanted.lower().replace("_", "-")
    return next((r for r in all_rules() if r.code == code or r.name == name), None)


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


def rule_json(rule: Rule) -> dict[str, Any]:
    """`explain --format json`: the rule's metadata and its whole document (Markdown)."""
    return {"code": rule.code, "name": rule.name, "severity": rule.severity, "fixable": rule.fixable,
            "preview": rule.preview, "summary": rule.summary, "supersedes": list(rule.supersedes),
            "explanation": rule_markdown(rule)}


_INLINE_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*([^*\n]+)\*\*")
_FENCE = re.compile(r"^\s*```")


def render_terminal(markdown: str, color: bool = False) -> str:
    """Markdown as a terminal shows it best (see the module docstring)."""

    def style(text: str, sgr: str) -> str:
        return f"\x1b[{sgr}m{text}\x1b[0m" if color else text

    def inline(text: str) -> str:
        if not color:
            return _BOLD.sub(r"\1", text)
        text = _INLINE_CODE.sub(lambda m: style(m.group(1), "36"), text)
        return _BOLD.sub(lambda m: style(m.group(1), "1"), text)

    out: list[str] = []
    in_code = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            out.append(style("    " + line, "36") if line.strip() else "")
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            level, title = len(heading.group(1)), heading.group(2).strip()
            if out and out[-1] != "":
                out.append("")
            if color:
                out.append(style(title, "1;4" if level == 1 else "1"))
            else:
                out += [title, ("=" if level == 1 else "-") * len(title)]
            continue
        out.append(inline(line))
    return "\n".join(out).rstrip() + "\n"
