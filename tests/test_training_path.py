"""The training path (rules.md): a loss counts when its value is trained on. A program that shows how
it trains (a gradient, a Keras compile or fit) is judged on the losses it trains; a loss it only
prints, logs or computes as a metric does not make a finding. Buggy and correct programs, each form.
"""

from __future__ import annotations

import pytest

from lossguard.testing import check_code, codes_and_lines

TF2_GATED = '''\
import tensorflow as tf

W = tf.Variable(tf.random.normal([784, 10]))


def net(x, is_training=False):
    logits = tf.matmul(x, W)
    if not is_training:
        logits = tf.nn.softmax(logits)
    return logits


def cross_entropy(logits, y):
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))


optimizer = tf.optimizers.SGD(0.01)


def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = cross_entropy(net(x, is_training={flag}), y)
    gradients = tape.gradient(loss, [W])
    optimizer.apply_gradients(zip(gradients, [W]))


for step, (batch_x, batch_y) in enumerate(dataset):
    train_step(batch_x, batch_y)
    if step % 100 == 0:
        loss = cross_entropy(net(batch_x), batch_y)
        print(step, loss.numpy())
'''

TORCH_VALIDATION = '''\
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 5))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
x, y = torch.randn(32, 20), torch.randint(0, 5, (32,))
for epoch in range(3):
    optimizer.zero_grad()
    {train}
    optimizer.step()
    probs = F.softmax(model(x), dim=1)
    calibration = F.cross_entropy(probs, y)
    print(f"epoch {{epoch}}: calibration {{calibration.item():.3f}}")
'''


def rules(code: str) -> list[tuple[int, str]]:
    return codes_and_lines(check_code(code))


def test_tf2_loss_printed_outside_the_tape_is_not_training():
    assert rules(TF2_GATED.format(flag="True")) == []


def test_tf2_tape_loss_on_softmax_output_is_reported():
    assert rules(TF2_GATED.format(flag="False")) == [(9, "LG104")]


@pytest.mark.parametrize("train", [
    "criterion(model(x), y).backward()",
    "loss = criterion(model(x), y)\n    loss.backward()",
    "loss = 0.5 * criterion(model(x), y) + 0.0\n    loss.backward()",
    "losses = [criterion(model(x), y)]\n    sum(losses).backward()",
    "losses = [criterion(model(x), y), criterion(model(x), y)]\n    torch.stack(losses).mean().backward()",
    "loss = criterion(model(x), y).mean()\n    loss.backward()",
    "scaler = torch.cuda.amp.GradScaler()\n    scaler.scale(criterion(model(x), y)).backward()",
    "accelerator.backward(criterion(model(x), y))",
    "torch.autograd.backward(criterion(model(x), y))",
    "grads = torch.autograd.grad(criterion(model(x), y), list(model.parameters()))",
])
def test_a_metric_loss_on_probabilities_beside_real_training_is_silent(train):
    assert rules(TORCH_VALIDATION.format(train=train)) == []


def test_the_same_metric_is_the_training_loss_when_it_is_differentiated():
    code = TORCH_VALIDATION.format(train="pass").replace(
        'print(f"epoch {epoch}: calibration {calibration.item():.3f}")', "calibration.backward()")
    assert rules(code) == [(13, "LG104")]


def test_a_snippet_that_shows_no_training_step_still_counts():
    code = '''\
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Linear(10, 3)
loss = nn.CrossEntropyLoss()(F.softmax(model(torch.randn(4, 10)), dim=1), torch.tensor([0, 1, 2, 0]))
'''
    assert rules(code) == [(6, "LG104")]


def test_a_loss_only_read_out_as_a_number_is_not_training():
    code = '''\
import torch
import torch.nn.functional as F


def calibration_report(model, x, y):
    """negative log-likelihood of the predicted probabilities, for a report"""
    probs = torch.softmax(model(x), dim=1)
    return F.cross_entropy(probs, y).item()
'''
    assert rules(code) == []


LIGHTNING = '''\
import torch
import torch.nn as nn
import torch.nn.functional as F
import lightning.pytorch as pl


class Classifier(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = nn.Linear(32, 4)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.cross_entropy({train_out}, y)
        return {{"loss": loss}}

    def validation_step(self, batch, batch_idx):
        x, y = batch
        val = F.cross_entropy(F.softmax(self.net(x), dim=1), y)
        self.log("val_calibration", val)
'''


def test_lightning_logs_a_validation_metric_while_training_step_is_right():
    assert rules(LIGHTNING.format(train_out="self.net(x)")) == []


def test_lightning_training_step_return_is_the_trained_loss():
    assert rules(LIGHTNING.format(train_out="F.softmax(self.net(x), dim=1)")) == [(14, "LG104")]


def test_keras_fit_is_the_training_and_a_separate_evaluation_loss_is_not():
    code = '''\
import numpy as np
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
x, y = np.random.rand(64, 8), np.random.randint(0, 10, 64)
model.fit(x, y)
bce = keras.losses.binary_crossentropy(keras.utils.to_categorical(y, 10), model(x))
print(float(np.mean(bce)))
'''
    assert rules(code) == []


def test_tf1_minimize_marks_the_trained_loss():
    code = '''\
import tensorflow.compat.v1 as tf

x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.float32, [None, 10])
logits = tf.layers.dense(x, 10)
train_loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
probs = tf.nn.softmax(logits)
report = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=probs))
train_op = tf.train.AdamOptimizer(1e-3).minimize(train_loss)
'''
    assert rules(code) == []
    assert rules(code.replace("minimize(train_loss)", "minimize(report)")) == [(7, "LG104")]


MODE_FLAG = '''\
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Sequential(nn.Linear(8, 4), nn.Softmax(dim=1))


def step(model, x, y, criterion, phase="train"):
    if phase == "eval":
        with torch.no_grad():
            out = model(x)
    else:
        out = model(x)
    return criterion(out, y)


loss = step(model, torch.randn(2, 8), torch.tensor([0, 1]), nn.CrossEntropyLoss(), phase={phase!r})
loss.backward()
'''


def test_a_constant_mode_flag_decides_the_branch():
    """`phase="train"` passed: the no_grad branch never runs, so the softmax model is trained."""
    assert rules(MODE_FLAG.format(phase="train")) == [(5, "LG104")]
    assert rules(MODE_FLAG.format(phase="eval")) == []  # evaluated under no_grad only


@pytest.mark.parametrize("test, expected", [
    ('"a" == "a"', True), ('"a" != "a"', False), ("1 < 2 < 3", True), ("3 < 2", False),
    ('"x" in ("x", "y")', True), ('"z" not in ("x", "y")', True), ("None is None", True),
])
def test_comparisons_of_constants_are_decided(test, expected):
    code = f'''\
import torch.nn as nn

if {test}:
    head = nn.Sequential(nn.Linear(4, 1), nn.Softmax(dim=1))
'''
    assert (rules(code) == [(4, "LG102")]) is expected


@pytest.mark.parametrize("activation, expected", [
    ("torch.softmax(scores, -1)", [(7, "LG104")]),
    ("F.softmax(scores, dim=2)", [(7, "LG104")]),
    ("torch.log_softmax(scores, -1)", []),  # log_softmax before cross-entropy is harmless
    ("F.softmax(scores, dim=0)", []),  # each slice cuts across the softmax axis: unknown, silent
    ("scores", []),
])
def test_rows_of_an_output_iterated_one_by_one(activation, expected):
    code = f'''\
import torch
import torch.nn as nn
import torch.nn.functional as F

scores = nn.Linear(16, 6)(torch.randn(4, 3, 16))
ce = nn.CrossEntropyLoss()
probs = {activation}
total = 0
for block in probs:
    total = total + ce(block, torch.arange(3))
total.backward()
'''
    assert rules(code) == expected
