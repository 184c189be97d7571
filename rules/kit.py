"""Small helpers shared by rule modules: wording and common fix builders.

Fix builders look only at the node they edit, and `remove_layer_fix` at the one statement that
holds it (to see the layer's container): a fix must leave a program that still runs.
"""

from __future__ import annotations

from typing import Collection, Optional, Sequence

import libcst as cst

from lossguard.facts import LossUse, OutputHead
from lossguard.rules.base import Edit, Fix


# Keyword arguments that mean the same for Keras' CategoricalCrossentropy and
# SparseCategoricalCrossentropy (label_smoothing and axis exist only for the first, ignore_class only
# for the second; the second positional argument differs too).
SHARED_KEYWORDS = ("from_logits", "reduction", "name", "dtype")


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
                    allow_args: bool = True, keywords: Optional[Collection[str]] = None,
                    max_positional: Optional[int] = None) -> Optional[Fix]:
    """`nn.BCELoss(...)` → `nn.BCEWithLogitsLoss(...)`: rename the called attribute or name.

    The arguments are kept, so the new callable must accept them with the same meaning: `keywords`
    (when given) lists the keyword arguments both accept, `max_positional` how many positional
    arguments mean the same thing for both; a call with any other argument gets no fix.
    """
    if not isinstance(call, cst.Call):
        return None
    if not allow_args and call.args:
        return None
    if keywords is not None and any(a.keyword is None and a.star == "**" or a.keyword is not None and a.keyword.value not in keywords
                                    for a in call.args):
        return None
    if max_positional is not None and (sum(1 for a in call.args if a.keyword is None) > max_positional
                                       or any(a.star == "*" for a in call.args)):
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


# ----------------------------------------------------------------------------- removing a layer
def remove_layer_fix(layer: Optional[cst.CSTNode], statement: Optional[cst.CSTNode], what: str,
                     applicability: str) -> Optional[Fix]:
    """Take a layer (`nn.Softmax(dim=1)`) out of a model without breaking the code around it.

    Deleted only where its container allows it (`deletable`): the last layer of an
    `nn.Sequential(...)`. Anywhere else — `layers.append(...)`, `add_module("sm", ...)`, an
    `OrderedDict`, a tuple, an assignment, a layer in the middle (later indices stay valid) — it
    becomes `nn.Identity()` of the same module. A bare `Softmax(...)` (no `nn.` to reach
    `Identity` through) outside such a container gets no fix.
    """
    if not isinstance(layer, cst.Call):
        return None
    identity = identity_for(layer)
    chain = ancestors(statement, layer) if statement is not None else None
    if chain is not None and deletable(chain):
        return Fix(f"remove the {what} layer (the loss applies it)", applicability,
                   (Edit(layer, remove=True, placeholder=identity),))
    if identity is not None:
        return Fix(f"replace the {what} layer by {identity} (the loss applies it)", applicability,
                   (Edit(layer, code=identity),))
    return None


def identity_for(layer: cst.Call) -> Optional[str]:
    """`nn.Softmax(dim=1)` → "nn.Identity()", `torch.nn.Sigmoid()` → "torch.nn.Identity()"."""
    func = layer.func
    if not isinstance(func, cst.Attribute):
        return None
    prefix = _dotted(func.value)
    if prefix is None or prefix.split(".")[-1] == "activation":  # torch.nn.modules.activation has no Identity
        return None
    return f"{prefix}.Identity()"


def _dotted(node: cst.CSTNode) -> Optional[str]:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr.value}" if base is not None else None
    return None


def ancestors(root: cst.CSTNode, target: cst.CSTNode) -> Optional[list[cst.CSTNode]]:
    """The nodes from `root` down to `target`'s parent (nearest last), or None when `target` is not
    inside `root`."""
    if root is target:
        return []
    path: list[cst.CSTNode] = [root]
    pending = [iter(root.children)]
    while pending:  # depth-first, without recursion (a statement may be a 3,000-term sum)
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
            path.pop()
        elif child is target:
            return path
        else:
            path.append(child)
            pending.append(iter(child.children))
    return None


def deletable(chain: Sequence[cst.CSTNode]) -> bool:
    """Can the expression whose ancestors are `chain` (nearest last) be deleted, leaving a program
    that runs the same minus that layer? Only as the last positional argument of a `*Sequential(...)`
    call, or the last element (not the only one) of the list literal passed to one (Keras)."""
    if len(chain) >= 2 and isinstance(chain[-1], cst.Arg) and isinstance(chain[-2], cst.Call):
        arg, call = chain[-1], chain[-2]
        positional = [a for a in call.args if a.keyword is None]
        return (_is_sequential(call) and arg.keyword is None and arg.star == "" and call.args[-1] is arg
                and all(a.star == "" for a in positional))
    if (len(chain) >= 4 and isinstance(chain[-1], cst.Element) and isinstance(chain[-2], cst.List)
            and isinstance(chain[-3], cst.Arg) and isinstance(chain[-4], cst.Call)):
        element, listed, arg, call = chain[-1], chain[-2], chain[-3], chain[-4]
        first = arg is call.args[0] and arg.keyword is None or arg.keyword is not None and arg.keyword.value == "layers"
        return (_is_sequential(call) and first and arg.star == "" and not isinstance(element, cst.StarredElement)
                and len(listed.elements) > 1 and listed.elements[-1] is element)
    return False


def _is_sequential(call: cst.Call) -> bool:
    func = call.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
    return name == "Sequential"
