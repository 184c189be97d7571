"""Import-alias resolution: our own light pass instead of LibCST's QualifiedNameProvider.

`import tensorflow as tf`, `from tensorflow.keras import layers as L`, `from keras.layers import
Dense`, `import torch.nn.functional as F`... each binds a local name to a dotted qualified name.
`canonical()` then folds the many spellings of one API (tf.keras / keras / Keras 3 / tf_keras,
`keras.layers.core.Dense`, `torch.nn.modules.linear.Linear`, ...) into one key that the framework
semantics are registered under.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Union

import libcst as cst

_PREFIXES = (
    ("tensorflow.python.keras.", "keras."),
    ("tensorflow.keras.", "keras."),
    ("tensorflow.compat.v1.keras.", "keras."),
    ("tensorflow.compat.v2.keras.", "keras."),
    ("tensorflow.compat.v1.", "tensorflow."),
    ("tensorflow.compat.v2.", "tensorflow."),
    ("tf_keras.", "keras."),
    ("keras.src.", "keras."),
    ("keras.api._v2.keras.", "keras."),
    ("keras.api.", "keras."),
    ("keras._tf_keras.keras.", "keras."),
    ("pytorch_lightning.", "lightning.pytorch."),
    ("torchvision.transforms.v2.", "torchvision.transforms."),
    ("torchvision.transforms.transforms.", "torchvision.transforms."),
    ("torchvision.datasets.mnist.", "torchvision.datasets."),
    ("torchvision.datasets.cifar.", "torchvision.datasets."),
    ("torchvision.datasets.folder.", "torchvision.datasets."),
    ("torch.utils.data.dataloader.", "torch.utils.data."),
    ("torch.utils.data.dataset.", "torch.utils.data."),
    # slim (tf.contrib.slim, the tf_slim package) re-exports tf.contrib.layers; its losses are tf.contrib.losses
    ("tensorflow.contrib.slim.losses.", "tensorflow.contrib.losses."),
    ("tf_slim.losses.", "tensorflow.contrib.losses."),
    ("tensorflow.contrib.slim.layers.", "tensorflow.contrib.layers."),
    ("tensorflow.contrib.slim.", "tensorflow.contrib.layers."),
    ("tf_slim.layers.", "tensorflow.contrib.layers."),
    ("tf_slim.", "tensorflow.contrib.layers."),
    ("tensorflow.contrib.layers.python.layers.layers.", "tensorflow.contrib.layers."),
    ("tensorflow.python.layers.core.", "tensorflow.layers."),
    ("skorch.classifier.", "skorch."),
    ("skorch.regressor.", "skorch."),
    ("skorch.net.", "skorch."),
    ("scikeras.wrappers.", "scikeras."),
)
# transformers task models: BertForSequenceClassification, TFDistilBertForSequenceClassification,
# transformers.models.bert.modeling_bert.BertForTokenClassification... → (TF)AutoModelFor<Task>
_HF_TASK = re.compile(r"^(TF)?[A-Za-z0-9]*For(SequenceClassification|TokenClassification|ImageClassification|"
                      r"AudioClassification)$")
# tf.losses in TF1 (and tf.compat.v1.losses); in TF2 `tf.losses` is `tf.keras.losses`
TF1_LOSS_NAMES = frozenset({
    "softmax_cross_entropy", "sparse_softmax_cross_entropy", "sigmoid_cross_entropy", "log_loss",
    "mean_squared_error", "absolute_difference", "huber_loss", "mean_pairwise_squared_error", "hinge_loss",
    "cosine_distance", "compute_weighted_loss", "get_losses", "get_total_loss", "get_regularization_loss",
    "get_regularization_losses", "add_loss", "Reduction",
})
_WHOLE = {
    "tensorflow.keras": "keras",
    "tf_keras": "keras",
    "pytorch_lightning": "lightning.pytorch",
    "keras.Sequential": "keras.models.Sequential",
    "keras.Model": "keras.models.Model",
    "keras.Input": "keras.layers.Input",
    "keras.models.Input": "keras.layers.Input",
    "lightning.LightningModule": "lightning.pytorch.LightningModule",
    "torch.nn.functional.F": "torch.nn.functional",
}
# keras.<family>.<anything>.<Name> → keras.<family>.<Name>
_KERAS_FAMILIES = ("layers", "losses", "activations", "metrics", "models", "optimizers", "utils",
                   "applications", "callbacks", "initializers", "regularizers")


@lru_cache(maxsize=4096)
def canonical(qualname: str) -> str:
    q = qualname
    for _ in range(3):
        before = q
        for prefix, repl in _PREFIXES:
            if q.startswith(prefix):
                q = repl + q[len(prefix):]
        q = _WHOLE.get(q, q)
        if q == before:
            break
    parts = q.split(".")
    if parts[0] == "transformers" and len(parts) > 1:
        for i, part in enumerate(parts[1:], start=1):
            match = _HF_TASK.match(part)
            if match:
                return ".".join(["transformers", f"{match.group(1) or ''}AutoModelFor{match.group(2)}"] + parts[i + 1:])
    if len(parts) == 3 and parts[:2] == ["tensorflow", "losses"] and parts[2] not in TF1_LOSS_NAMES:
        return "keras.losses." + parts[2]  # TF2: tf.losses.CategoricalCrossentropy, tf.losses.categorical_crossentropy
    if len(parts) == 3 and parts[:2] == ["tensorflow", "layers"] and parts[2][:1].isupper():
        return "keras.layers." + parts[2]  # tf.layers.Dense / tf.compat.v1.layers.Dense: Keras layer classes
    if len(parts) > 3 and parts[0] == "keras" and parts[1] in _KERAS_FAMILIES:
        if parts[1] == "applications" and parts[-1] in ("preprocess_input", "decode_predictions"):
            q = "keras.applications." + parts[-1]
        else:
            q = f"keras.{parts[1]}.{parts[-1]}"
    elif len(parts) > 3 and parts[:3] == ["torch", "nn", "modules"]:
        q = "torch.nn." + parts[-1]
    elif len(parts) > 3 and parts[:2] == ["torchvision", "models"]:
        q = "torchvision.models." + parts[-1]
    return q


def dotted_name(node: cst.BaseExpression) -> Optional[str]:
    """`a.b.c` as a string, or None if the expression is not a plain dotted name."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return ".".join(reversed(parts))
    return None


def _module_name(node: Union[cst.Attribute, cst.Name, None]) -> str:
    return dotted_name(node) if node is not None else ""  # type: ignore[return-value]


def import_bindings(stmt: Union[cst.Import, cst.ImportFrom]) -> list[tuple[str, Optional[str]]]:
    """(local name, qualified name or None) pairs bound by one import statement.

    A relative import binds to None (unknown): it refers to the user's own package.
    `("*", module)` is returned for a star import.
    """
    out: list[tuple[str, Optional[str]]] = []
    if isinstance(stmt, cst.Import):
        for alias in stmt.names:
            full = dotted_name(alias.name) or ""
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                out.append((alias.asname.name.value, full))
            else:
                top = full.split(".")[0]
                out.append((top, top))
        return out
    relative = len(stmt.relative) > 0
    module = _module_name(stmt.module)
    if isinstance(stmt.names, cst.ImportStar):
        if not relative and module:
            out.append(("*", module))
        return out
    for alias in stmt.names:
        name = dotted_name(alias.name) or ""
        local = name
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            local = alias.asname.name.value
        out.append((local, None if relative or not module else f"{module}.{name}"))
    return out
