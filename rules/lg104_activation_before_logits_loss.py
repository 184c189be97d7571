"""## What it does
Reports a softmax or sigmoid output that goes into a loss which applies that activation itself:
torch `nn.CrossEntropyLoss` / `F.cross_entropy`, `nn.BCEWithLogitsLoss` /
`F.binary_cross_entropy_with_logits`, Keras losses with `from_logits=True`, and TensorFlow's
`tf.nn.*_cross_entropy_with_logits`. A `log_softmax` before `CrossEntropyLoss` is harmless
(log-softmax is idempotent) and is not reported.

## Why is this bad?
These losses expect raw scores (logits). Feeding them probabilities applies the activation twice:
outputs squashed into [0, 1] become logits of a nearly uniform distribution, the gradients shrink,
and training stalls at a loss that never gets low, while accuracy may look almost fine. This is what
PyTorch, raw TensorFlow and Keras on the JAX or torch backends do. Keras 3 on the TensorFlow
backend detects a softmax/sigmoid output given to a `from_logits=True` loss, warns, and uses the
activation's input instead — the code then trains correctly there by accident, and breaks as soon as
the backend or the model's last layer changes.

## Fix safety
For Keras, the safe fix sets `from_logits=False` (the model is unchanged, the loss now reads
probabilities). For torch, a sigmoid before `BCEWithLogitsLoss` is fixed safely by using
`BCELoss`. Dropping the softmax before `CrossEntropyLoss` is **unsafe**: code that calls the model
for predictions may rely on probabilities (apply the softmax there instead). A softmax layer is
deleted only when it is the last layer of an `nn.Sequential(...)`; elsewhere (`layers.append(...)`,
`add_module`, an `OrderedDict`, a layer in the middle) it is replaced by `nn.Identity()`, so the code
around it and the indices of later layers keep working. A bare `Softmax(...)` imported by name,
outside a `Sequential`, gets no automatic fix.
"""

from __future__ import annotations

from typing import Iterator, Optional

from lossguard.facts import OutputHead, ProgramFacts
from lossguard.rules.base import ERROR, Edit, Example, Fix, Rule, Violation
from lossguard.rules.kit import call_has_keyword, loss_text, remove_layer_fix, rename_call_fix


def _drop_activation(head: OutputHead, facts: ProgramFacts) -> Optional[Fix]:
    if head.activation_call is not None and head.activation_input is not None:
        return Fix(f"remove the {head.activation} (the loss applies it)", "unsafe",
                   (Edit(head.activation_call, with_node=head.activation_input),))
    if head.framework == "torch" and head.activation_form == "layer" and head.activation_at is not None:
        statement = facts.statement_of.get(id(head.activation_at))
        return remove_layer_fix(head.activation_at, statement, head.activation, "unsafe")
    return None


class ActivationBeforeLogitsLoss(Rule):
    code = "LG104"
    name = "activation-before-logits-loss"
    severity = ERROR
    summary = "softmax/sigmoid output fed to a loss that expects logits"
    hint = "return raw logits from the model and let the loss apply the activation (apply it yourself only for predictions)"
    fixable = "sometimes"

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for link in facts.links:
            head, loss = link.head, link.loss
            if head is None or head.activation not in ("softmax", "sigmoid") or head.location is None:
                continue
            if loss.expects != "logits":
                continue
            what = "applies softmax itself" if loss.family in ("categorical", "sparse_categorical") else "applies sigmoid itself"
            if loss.framework == "keras":
                what = "treats its input as logits (from_logits=True)"
            fix: Optional[Fix] = None
            if loss.framework == "keras" and loss.from_logits_at is not None:
                fix = Fix("set from_logits=False (the model already outputs probabilities)", "safe",
                          (Edit(loss.from_logits_at, code="False"),))
            elif loss.framework == "torch" and head.activation == "sigmoid" and loss.family == "binary":
                if loss.callable_kind == "object":
                    fix = rename_call_fix(loss.at, "BCEWithLogitsLoss", "BCELoss", "use nn.BCELoss on the probabilities", "safe", allow_args=False)
                else:
                    fix = rename_call_fix(loss.at, "binary_cross_entropy_with_logits", "binary_cross_entropy",
                                          "use F.binary_cross_entropy on the probabilities", "safe")
                    if fix is not None and call_has_keyword(loss.at, "pos_weight"):
                        fix = None  # F.binary_cross_entropy has no pos_weight
            else:
                fix = _drop_activation(head, facts)
            yield Violation(
                head.location,
                f"{head.activation} output goes into {loss_text(loss)}, which {what}: "
                f"the activation is applied twice",
                related=((loss.at, "the loss that expects logits"),) if loss.at else (),
                fix=fix,
                facts=link.summary(),
            )

    invalid = [
        Example('''\
import tensorflow as tf

model = tf.keras.models.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax"),  # <- LG104
])
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
model.compile(optimizer="adam", loss=loss_fn, metrics=["accuracy"])
'''),
        Example('''\
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x):
        x = F.relu(self.fc1(x.view(-1, 784)))
        return F.softmax(self.fc2(x), dim=1)  # <- LG104


model = Net()
criterion = nn.CrossEntropyLoss()
images, labels = torch.rand(64, 1, 28, 28), torch.randint(0, 10, (64,))
loss = criterion(model(images), labels)
''', "double softmax: CrossEntropyLoss applies log_softmax itself"),
        Example('''\
import torch
from torch import nn

disc = nn.Sequential(nn.Linear(784, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1), nn.Sigmoid())  # <- LG104
adversarial_loss = nn.BCEWithLogitsLoss()


def discriminator_step(real_imgs):
    valid = torch.ones(real_imgs.size(0), 1)
    return adversarial_loss(disc(real_imgs.view(real_imgs.size(0), -1)), valid)
'''),
        Example('''\
import tensorflow as tf


def loss_fn(logits, labels):
    probs = tf.nn.softmax(logits)  # <- LG104
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=probs))
'''),
    ]
    valid = [
        Example('''\
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(64, 8)

    def forward(self, x):
        logits = self.fc(x)
        if self.training:
            return logits
        return F.softmax(logits, dim=-1)


net = Net()
criterion = nn.CrossEntropyLoss()
loss = criterion(net(torch.randn(32, 64)), torch.randint(0, 8, (32,)))
''', "false-positive trap: the softmax is only on the inference path"),
        Example('''\
import torch
import torch.nn as nn
import torch.nn.functional as F


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.out = nn.Linear(16, 5)

    def forward(self, x):
        return self.out(x)

    @torch.no_grad()
    def predict_proba(self, x):
        return F.softmax(self.forward(x), dim=1)


model = Classifier()
criterion = nn.CrossEntropyLoss()
x, y = torch.randn(100, 16), torch.randint(0, 5, (100,))
loss = criterion(model(x), y)
probs = model.predict_proba(x)
''', "false-positive trap: softmax in a predict method"),
        Example('''\
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Sequential(nn.Linear(20, 3), nn.LogSoftmax(dim=1))
loss = F.cross_entropy(model(torch.randn(4, 20)), torch.tensor([0, 1, 2, 1]))
''', "false-positive trap: log_softmax before cross_entropy is harmless"),
        Example('''\
import tensorflow as tf

W = tf.Variable(tf.zeros([784, 10]))


def logits_fn(x):
    return tf.matmul(x, W)


def loss_fn(x, y):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits_fn(x)))


def accuracy(x, y):
    prediction = tf.nn.softmax(logits_fn(x))
    return tf.reduce_mean(tf.cast(tf.equal(tf.argmax(prediction, 1), tf.argmax(y, 1)), tf.float32))
''', "false-positive trap: softmax used only for accuracy"),
    ]
