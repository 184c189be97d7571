"""Real training with torch on the bundled digits/diabetes data, end to end: the analyser reads a snippet,
its finding's facts are mirrored, both reference models are trained and the outcomes asserted.

No mocks: every number below is measured. Seeds are fixed, so the outcomes are deterministic.
"""

import functools
import os

import pytest

torch = pytest.importorskip("torch")

from lossguard.checker.run import run_check  # noqa: E402
from lossguard.probe.api import probe_facts  # noqa: E402
from lossguard.config.settings import Settings  # noqa: E402
from lossguard.testing import check_code  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SNIPPETS = {
    "LG101": '''
import torch
import torch.nn as nn

class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(512, 20)

    def forward(self, x):
        return torch.softmax(self.fc(x), dim=-1)

model = Tagger()
criterion = nn.BCELoss()
x, tags = torch.randn(8, 512), (torch.rand(8, 20) > 0.8).float()
loss = criterion(model(x), tags)
''',
    "LG102": '''
import torch
from torch import nn

model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1), nn.Softmax(dim=1))
criterion = nn.BCELoss()
x = torch.randn(128, 10)
y = (x.sum(dim=1, keepdim=True) > 0).float()
loss = criterion(model(x), y)
''',
    "LG104": '''
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
        return F.softmax(self.fc2(x), dim=1)

model = Net()
criterion = nn.CrossEntropyLoss()
images, labels = torch.rand(64, 1, 28, 28), torch.randint(0, 10, (64,))
loss = criterion(model(images), labels)
''',
    "LG104-sigmoid": '''
import torch
from torch import nn

disc = nn.Sequential(nn.Linear(784, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1), nn.Sigmoid())
adversarial_loss = nn.BCEWithLogitsLoss()

def discriminator_step(real_imgs):
    valid = torch.ones(real_imgs.size(0), 1)
    return adversarial_loss(disc(real_imgs.view(real_imgs.size(0), -1)), valid)
''',
    "LG105": '''
import torch
from torch import nn

model = nn.Sequential(nn.Linear(20, 16), nn.ReLU(), nn.Linear(16, 1))
criterion = nn.BCELoss()
x, y = torch.randn(32, 20), torch.randint(0, 2, (32, 1)).float()
loss = criterion(model(x), y)
''',
    "LG106": '''
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Sequential(nn.Linear(30, 100), nn.ReLU(), nn.Linear(100, 10))
loss = F.nll_loss(model(torch.randn(64, 30)), torch.randint(0, 10, (64,)))
''',
    "LG106-softmax": '''
import torch
import torch.nn as nn

class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(30, 100), nn.ReLU(), nn.Linear(100, 4))
        self.softmax = nn.Softmax(dim=1)

    def forward(self, x):
        return self.softmax(self.layers(x))

model = MLP()
criterion = nn.NLLLoss()
loss = criterion(model(torch.randn(64, 30)), torch.randint(0, 4, (64,)))
''',
    "LG107": '''
import torch
from torch import nn

model = nn.Sequential(nn.Linear(20, 5), nn.LogSoftmax(dim=0))
criterion = nn.NLLLoss()
loss = criterion(model(torch.randn(32, 20)), torch.randint(0, 5, (32,)))
''',
    "LG204": '''
import torch
from torch import nn

model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))
criterion = nn.CrossEntropyLoss()
x, y = torch.randn(32, 8), torch.randint(0, 2, (32,))
loss = criterion(model(x), y)
''',
    "LG301": '''
import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

transform = transforms.Compose([transforms.PILToTensor()])
train_data = datasets.CIFAR10(root="./data", train=True, download=True, transform=transform)
train_loader = DataLoader(train_data, batch_size=32, shuffle=True)
model = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(16 * 32 * 32, 10))
criterion = nn.CrossEntropyLoss()
for images, labels in train_loader:
    loss = criterion(model(images.float()), labels)
''',
    "LG302": '''
import numpy as np
import torch
from PIL import Image
from torch import nn

model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 1, 1), nn.Sigmoid())
criterion = nn.BCELoss()
image = torch.from_numpy(np.array(Image.open("img.png"))).permute(2, 0, 1).float() / 255
mask = torch.from_numpy(np.array(Image.open("mask.png"))).float()
loss = criterion(model(image[None]), mask[None, None])
''',
    "LG303": '''
import torch
from torch import nn
from sklearn.datasets import load_diabetes

X, y = load_diabetes(return_X_y=True)
X, y = torch.tensor(X).float(), torch.tensor(y).float()
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1), nn.Tanh())
loss = nn.MSELoss()(model(X).squeeze(1), y)
''',
}


@functools.lru_cache(maxsize=None)
def probed(key, steps=None, backend="auto"):
    rule = key.split("-")[0]
    findings = [f for f in check_code(SNIPPETS[key]) if f.rule == rule]
    assert len(findings) == 1, (key, check_code(SNIPPETS[key]))
    assert findings[0].facts["framework"] == "torch"
    exp = probe_facts(rule, findings[0].facts, backend=backend, steps=steps)
    assert not isinstance(exp, str), exp
    assert exp.backend == "torch"
    return exp


def final(exp, run):
    return getattr(exp, run).final(exp.metric.name)


def test_lg101_multilabel_softmax_cannot_predict_label_sets():
    exp = probed("LG101")
    assert exp.task == "multilabel" and exp.written.config.units == 6
    assert final(exp, "written") <= exp.chance[exp.metric.name]  # no better than always answering the same set
    assert final(exp, "fixed") >= final(exp, "written") + 0.4
    assert exp.improved and exp.verdict.startswith("fixed reaches")


def test_lg102_softmax_on_one_unit_stays_at_chance():
    exp = probed("LG102")
    chance = exp.chance["accuracy"]
    values = exp.written.metrics["accuracy"]
    assert max(values) == min(values) == pytest.approx(chance)  # a constant output, at every step
    assert final(exp, "fixed") > 0.85
    assert "no better than" in exp.verdict


def test_lg104_softmax_before_cross_entropy_trains_slower():
    exp = probed("LG104")
    assert exp.written.final_loss() > 3 * exp.fixed.final_loss()  # the loss never gets low
    assert exp.reach_step is not None and exp.reach_step < 0.8 * exp.steps
    assert final(exp, "fixed") >= final(exp, "written") - 0.02


def test_lg104_sigmoid_before_bce_with_logits():
    exp = probed("LG104-sigmoid")
    assert exp.fixed.loss == "nn.BCELoss()"
    assert final(exp, "fixed") > final(exp, "written")
    assert exp.reach_step is not None and exp.reach_step < exp.steps


def test_lg105_bceloss_on_logits_fails_with_torchs_own_error():
    exp = probed("LG105")
    assert exp.written.failed and exp.written.raw.error_step == 1
    assert exp.written.raw.error == "RuntimeError: all elements of input should be between 0 and 1"
    assert exp.fixed.loss == "nn.BCEWithLogitsLoss()" and final(exp, "fixed") > 0.85
    assert "fails at step 1 with RuntimeError: all elements of input should be between 0 and 1" in exp.verdict


def test_lg106_nll_on_logits_diverges_to_chance():
    exp = probed("LG106")
    assert exp.written.final_loss() < -10  # not a cross-entropy: unbounded below
    assert final(exp, "written") <= exp.chance["accuracy"] + 0.05
    assert final(exp, "fixed") > 0.85 and exp.fixed.loss == "nn.CrossEntropyLoss()"


def test_lg106_nll_on_probabilities_is_reported_honestly():
    exp = probed("LG106-softmax")
    assert exp.written.final_loss() < 0 < exp.fixed.final_loss()  # -p instead of -log p
    # on 4 easy digit classes the final accuracy is the same: the verdict must not claim otherwise, and
    # says what does differ: -p gives the output layer a smaller gradient than -log p
    assert not exp.improved and exp.differs
    assert exp.verdict.startswith("the final accuracy is about the same (0.986 fixed vs 0.986 as written")
    grad = next(m for m in exp.measures if m.name == "output-layer gradient at step 0")
    assert grad.outcome == 1 and grad.fixed > 3 * grad.written and "smaller gradient" in exp.verdict


def test_lg107_softmax_over_the_batch_predicts_nothing_one_sample_at_a_time():
    exp = probed("LG107")
    assert exp.metric.name == "accuracy (one sample at a time)"
    assert final(exp, "written") == pytest.approx(exp.chance[exp.metric.name])
    assert final(exp, "fixed") > 0.9
    batched = "accuracy (test set as one batch)"
    assert exp.written.final(batched) > 0.5  # looks fine when the whole test set is one batch


def test_lg204_single_unit_cross_entropy_fails_with_torchs_own_error():
    exp = probed("LG204")
    assert exp.written.raw.error == "IndexError: Target 1 is out of bounds."
    assert exp.fixed.loss == "nn.BCEWithLogitsLoss()" and final(exp, "fixed") > 0.85


def test_lg301_raw_pixels_train_worse():
    exp = probed("LG301")
    assert exp.written.inputs == "inputs 0..255" and exp.fixed.inputs == "inputs 0..1"
    assert final(exp, "fixed") >= final(exp, "written") + 0.03
    assert exp.reach_step is not None and exp.reach_step < 0.6 * exp.steps


def test_lg302_bce_on_0_255_masks_fails_with_torchs_own_error():
    exp = probed("LG302")
    assert exp.written.raw.error == "RuntimeError: all elements of target should be between 0 and 1"
    assert final(exp, "fixed") > 0.85


def test_lg303_tanh_regression_is_stuck_below_the_mean():
    exp = probed("LG303")
    assert exp.written.config.target_range == (25.0, 346.0)
    assert final(exp, "written") < -1  # R²: far worse than predicting the mean
    assert final(exp, "fixed") > 0.2
    assert exp.written.final("MAE") > 2 * exp.fixed.final("MAE")


def test_seed_autoencoder_with_torch_fails_as_written():
    report = run_check([os.path.join(ROOT, "fixtures", "seed_autoencoder.py")], Settings(), jobs=1)
    lg101 = next(f for f in report.findings if f.rule == "LG101")
    exp = probe_facts("LG101", lg101.facts, backend="torch")
    assert exp.written.raw.error == "RuntimeError: all elements of target should be between 0 and 1"
    assert final(exp, "fixed") * 3 <= exp.chance["reconstruction error"]


def test_runs_are_deterministic():
    a = probe_facts("LG104", check_code(SNIPPETS["LG104"])[0].facts, steps=40)
    b = probe_facts("LG104", check_code(SNIPPETS["LG104"])[0].facts, steps=40)
    assert a.written.raw.losses == b.written.raw.losses and a.fixed.metrics == b.fixed.metrics
    c = probe_facts("LG104", check_code(SNIPPETS["LG104"])[0].facts, steps=40, seed=1)
    assert c.written.raw.losses != a.written.raw.losses


def test_written_out_adam_matches_torch_optim_adam():
    from torch import nn

    from lossguard.probe.torch_backend import Adam

    torch.manual_seed(0)
    a = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))
    b = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))
    b.load_state_dict(a.state_dict())
    ours, theirs = Adam(a.parameters(), lr=0.01, eps=1e-7), torch.optim.Adam(b.parameters(), lr=0.01, eps=1e-7)
    x, y = torch.randn(32, 8), torch.randint(0, 3, (32,))
    for _ in range(30):
        for model, optimizer in ((a, ours), (b, theirs)):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))


LG104_HEAD = """
import torch
from torch import nn

model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, {classes}), nn.Softmax(dim=1))
optimizer = {optimizer}
criterion = nn.CrossEntropyLoss()
loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True)
for images, labels in loader:
    optimizer.zero_grad()
    loss = criterion(model(images.view(-1, 784)), labels)
    loss.backward()
    optimizer.step()
"""
OPTIMIZERS = {"sgd": "torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)",
              "adam": "torch.optim.Adam(model.parameters(), lr=0.003)"}


@functools.lru_cache(maxsize=None)
def lg104_head(classes, optimizer):
    code = LG104_HEAD.format(classes=classes, optimizer=OPTIMIZERS[optimizer])
    (finding,) = [f for f in check_code(code) if f.rule == "LG104"]
    return probe_facts("LG104", finding.facts)


@pytest.mark.parametrize("classes", [10, 100])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_lg104_double_softmax_has_a_loss_floor_and_a_k_times_smaller_gradient(classes, optimizer):
    import math

    exp = lg104_head(classes, optimizer)
    assert exp.written.config.units == classes == exp.written.config.n_classes
    assert exp.training.optimizer == optimizer and exp.training.batch_size == 64
    assert f"{classes} classes (the head)" in exp.mirrored
    # the floor: log(e + K - 1) - 1, respected by every as-written step, passed by the fixed run
    floor = exp.floor
    assert floor.kind == "double softmax" and floor.value == pytest.approx(math.log(math.e + classes - 1) - 1)
    assert floor.holds and exp.written.final_loss() >= floor.value
    assert exp.fixed.final_loss() < floor.value - 0.5
    assert f"cannot go below {floor.value:.3f}" in exp.verdict
    # the gradient at the output layer, same weights: about K times smaller through the second softmax
    grad = next(m for m in exp.measures if m.name == "output-layer gradient at step 0")
    assert grad.outcome == 1 and classes / 2 < grad.fixed / grad.written < 2 * classes
    assert "smaller gradient" in exp.verdict
    if classes == 100 or optimizer == "sgd":  # Adam's per-parameter scaling hides it at 10 classes only
        assert exp.improved and final(exp, "fixed") >= final(exp, "written") + 0.04


def test_lg104_at_1000_classes_does_not_learn_as_written():
    exp = probe_facts("LG104", check_code(SNIPPETS["LG104"])[0].facts, classes=1000)
    assert exp.written.config.units == 1000 and exp.steps == 300 and "synthetic 1000-class task" in exp.data
    assert final(exp, "fixed") > 0.8 and final(exp, "written") < final(exp, "fixed") - 0.5
    test_nll = next(m for m in exp.measures if m.name == "test NLL")
    assert test_nll.outcome == 1 and test_nll.written > 5 * test_nll.fixed


@pytest.mark.parametrize("name", ["SGD", "RMSprop"])
def test_written_out_sgd_and_rmsprop_match_torch_optim(name):
    from torch import nn

    from lossguard.probe import torch_backend

    torch.manual_seed(0)
    a = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))
    b = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))
    b.load_state_dict(a.state_dict())
    ours = getattr(torch_backend, name)(a.parameters(), lr=0.05, momentum=0.9)
    theirs = getattr(torch.optim, name)(b.parameters(), lr=0.05, momentum=0.9)
    x, y = torch.randn(32, 8), torch.randint(0, 3, (32,))
    for _ in range(30):
        for model, optimizer in ((a, ours), (b, theirs)):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
    assert all(torch.allclose(p, q, rtol=1e-6, atol=1e-7) for p, q in zip(a.parameters(), b.parameters()))


def test_lg203_fewer_units_than_classes_fails_with_torchs_own_error():
    code = """
import torch
from torch import nn
from torchvision import datasets, transforms

train_set = datasets.CIFAR100("data", train=True, download=True, transform=transforms.ToTensor())
loader = torch.utils.data.DataLoader(train_set, batch_size=64)
model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10))
criterion = nn.CrossEntropyLoss()
for images, labels in loader:
    loss = criterion(model(images), labels)
"""
    (finding,) = [f for f in check_code(code) if f.rule == "LG203"]
    exp = probe_facts("LG203", finding.facts)
    assert (exp.written.config.units, exp.written.config.n_classes, exp.fixed.config.units) == (10, 100, 100)
    assert exp.written.raw.error.startswith("IndexError: Target") and "out of bounds" in exp.written.raw.error
    assert final(exp, "fixed") > 0.8 and exp.improved


def test_lg203_spare_units_are_never_predicted():
    facts = {"framework": "torch", "loss": {"name": "nn.CrossEntropyLoss", "family": "categorical",
                                            "expects": "logits"},
             "output": {"activation": "linear", "units": 12, "dim": None},
             "labels": {"encoding": "integer", "n_classes": 10}}
    exp = probe_facts("LG203", facts, steps=100)
    assert exp.written.final("predictions on spare units") == 0.0
    assert "2 spare units no label names are trained towards zero and never predicted" in exp.verdict
