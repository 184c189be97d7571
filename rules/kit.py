"""Small helpers shared by rule modules: wording and common fix builders (no syntax walking)."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from lossguard.facts import LossUse, OutputHead
from lossguard.rules.base import Edit, Fix


def units_text(head: OutputHead) -> str:
    return f"{head.units} units" if head.units is not None else "an unknown number of units"


def loss_text(loss: LossUse) -> str:
    if loss.callable_kind == "string":
        return f'"{loss.name}"'
    if loss.callable_kind == "object" and loss.framework in ("torch", "keras"):
        return f"{loss.name}()" if not loss.name.endswith(")") else loss.name
    return loss.name


def replace_string_fix(node: Optional[cst.CSTNode], new: str, description: str, applicability: str) -> Optional[Fix]:
    """Replace a string literal (e.g. activation="softmax") keeping its quote style."""
    if not isinstance(node, cst.SimpleString):
        return None
    quote = node.quote
    prefix = node.prefix
    return Fix(description, applicability, (Edit(node, code=f"{prefix}{quote}{new}{quote}"),))


def rename_call_fix(call: Optional[cst.CSTNode], old: str, new: str, description: str, applicability: str,
                    allow_args: bool = True) -> Optional[Fix]:
    """`nn.BCELoss(...)` → `nn.BCEWithLogitsLoss(...)`: rename the called attribute or name."""
    if not isinstance(call, cst.Call):
        return None
    if not allow_args and call.args:
        return None
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value == old:
        return Fix(description, applicability, (Edit(func.attr, code=new),))
    if isinstance(func, cst.Name) and func.value == old:
        return None  # a bare imported name: the new name may not be imported
    return None


def set_keyword_fix(call: Optional[cst.CSTNode], name: str, value: str, description: str,
                    applicability: str, positional_ok: bool = False) -> Optional[Fix]:
    """Set `name=value` on a call. Refused when the call has positional arguments (unless
    `positional_ok`): one of them might already be that parameter."""
    if not isinstance(call, cst.Call):
        return None
    if not call_has_keyword(call, name) and not positional_ok and any(a.keyword is None for a in call.args):
        return None
    return Fix(description, applicability, (Edit(call, keyword=(name, value)),))


def call_has_keyword(call: Optional[cst.CSTNode], name: str) -> bool:
    return isinstance(call, cst.Call) and any(a.keyword is not None and a.keyword.value == name for a in call.args)
