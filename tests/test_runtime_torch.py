"""lossguard.runtime.torch on real torch training loops (tiny models, random data, CPU).

Each rule's INVALID examples (rules/lgNNN_*.py) are written here as loops that run: the same model and
loss, random tensors of the same shapes and dtypes instead of the data set. The runtime check must fire
with the rule's code; on the VALID examples, and on the false-positive sweep of correct loops
(classification, multi-label, segmentation, language modelling with ignore_index, label smoothing, soft
targets, mixed precision, tiny and one-class batches), it must stay silent.
"""

from __future__ import annotations

import logging
import warnings

import pytest

torch = pytest.importorskip("torch")
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

from lossguard.runtime import LossGuardError, LossGuardWarning  # noqa: E402
from lossguard.runtime.torch import guard, origin_of, watch  # noqa: E402

ORIGINAL = {name: getattr(F, name) for name in
            ("cross_entropy", "nll_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits")}


@pytest.fixture(autouse=True)
def _seed_and_restore():
    torch.manual_seed(0)
    yield
    for name, fn in ORIGINAL.items():  # every test must leave torch as it was
        assert getattr(F, name) is fn, f"F.{name} was left wrapped"


def train(model, batches, loss_step, *, steps=2, mode="warn", watched=True, lr=0.01):
    """A real loop: forward, loss, backward, SGD step; under watch(model) unless told otherwise.
    Returns (report, warnings recorded)."""
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if watched:
            with watch(model, mode=mode) as report:
                for step in range(steps):
                    x, y = batches(step)
                    opt.zero_grad()
                    loss = loss_step(model, x, y)
                    loss.backward()
                    opt.step()
        else:
            report = None
            for step in range(steps):
                x, y = batches(step)
                opt.zero_grad()
                loss = loss_step(model, x, y)
                loss.backward()
                opt.step()
    ours = [w for w in caught if issubclass(w.category, LossGuardWarning)]
    return report, ours


def ids(n, classes):
    return lambda step: (torch.randn(n, 20), torch.randint(0, classes, (n,)))


# ---------------------------------------------------------------------------------------------- LG104


class SoftmaxNet(nn.Module):  # LG104 invalid example 2
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = F.relu(self.fc1(x.view(-1, 784)))
        return F.softmax(self.fc2(x), dim=1)


def test_lg104_double_softmax_into_cross_entropy_fires():
    criterion = nn.CrossEntropyLoss()
    report, caught = train(SoftmaxNet(), lambda s: (torch.rand(16, 1, 28, 28), torch.randint(0, 10, (16,))),
                           lambda m, x, y: criterion(m(x), y))
    assert report.codes() == ["LG104"]
    assert len(caught) == 1  # one warning per rule, not one per batch
    text = str(caught[0].message)
    assert text.startswith("LG104 softmax output goes into nn.CrossEntropyLoss(), which applies softmax itself")
    assert "lossguard explain LG104" in text and "return raw logits" in text  # the rule's hint
    assert caught[0].filename == __file__  # shown at the user's line, not inside lossguard


def test_lg104_sigmoid_into_bce_with_logits_fires():  # LG104 invalid example 3 (a GAN discriminator)
    disc = nn.Sequential(nn.Linear(784, 32), nn.LeakyReLU(0.2), nn.Linear(32, 1), nn.Sigmoid())
    adversarial_loss = nn.BCEWithLogitsLoss()
    report, caught = train(disc, lambda s: (torch.randn(16, 784), torch.ones(16, 1)),
                           lambda m, x, y: adversarial_loss(m(x), y))
    assert report.codes() == ["LG104"]
    assert "sigmoid output goes into nn.BCEWithLogitsLoss()" in report.findings[0].message
    assert "SigmoidBackward0" in report.findings[0].observed


class InferenceSoftmax(nn.Module):  # LG104 valid example 1
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(64, 8)

    def forward(self, x):
        logits = self.fc(x)
        if self.training:
            return logits
        return F.softmax(logits, dim=-1)


class PredictProba(nn.Module):  # LG104 valid example 2
    def __init__(self):
        super().__init__()
        self.out = nn.Linear(16, 5)

    def forward(self, x):
        return self.out(x)

    @torch.no_grad()
    def predict_proba(self, x):
        return F.softmax(self.forward(x), dim=1)


def test_lg104_valid_examples_stay_silent():
    criterion = nn.CrossEntropyLoss()
    report, caught = train(InferenceSoftmax(), lambda s: (torch.randn(32, 64), torch.randint(0, 8, (32,))),
                           lambda m, x, y: criterion(m(x), y))
    assert report.ok and not caught and report.checked

    model = PredictProba()

    def step(m, x, y):
        m.predict_proba(x)
        return criterion(m(x), y)

    report, caught = train(model, lambda s: (torch.randn(100, 16), torch.randint(0, 5, (100,))), step)
    assert report.ok and not caught

    log_softmax_model = nn.Sequential(nn.Linear(20, 3), nn.LogSoftmax(dim=1))  # valid example 3
    report, caught = train(log_softmax_model, lambda s: (torch.randn(4, 20), torch.tensor([0, 1, 2, 1])),
                           lambda m, x, y: F.cross_entropy(m(x), y))
    assert report.ok and not caught


# ---------------------------------------------------------------------------------------------- LG105


class SpamClassifier(nn.Module):  # LG105 invalid example 2
    def __init__(self, vocab_size=100, hidden=16):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, hidden)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, tokens, offsets):
        return self.fc(self.embedding(tokens, offsets)).squeeze(1)


def test_lg105_logits_into_bce_fires_before_torch_fails():
    model = SpamClassifier()
    criterion = nn.BCELoss()
    tokens, offsets, labels = torch.randint(0, 100, (40,)), torch.arange(0, 40, 5), torch.randint(0, 2, (8,))
    with pytest.warns(LossGuardWarning, match="LG105") as caught:
        with watch(model) as report:
            with pytest.raises(RuntimeError, match="between 0 and 1"):  # torch's own (CPU) check comes after
                criterion(model(tokens, offsets), labels.float()).backward()
    assert report.codes() == ["LG105"]
    assert "an output with values outside [0, 1] goes into nn.BCELoss()" in str(caught[0].message)


def test_lg105_valid_examples_stay_silent():
    model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1))
    with_logits = nn.BCEWithLogitsLoss()
    report, caught = train(model, lambda s: (torch.randn(8, 10), torch.ones(8, 1)),
                           lambda m, x, y: with_logits(m(x), y))
    assert report.ok and not caught
    bce = nn.BCELoss()
    report, caught = train(model, lambda s: (torch.randn(8, 10), torch.ones(8, 1)),
                           lambda m, x, y: bce(torch.sigmoid(m(x)), y))
    assert report.ok and not caught


# ---------------------------------------------------------------------------------------------- LG106


class CharRNN(nn.Module):  # LG106 invalid example 1
    def __init__(self, n_chars=16, hidden=16):
        super().__init__()
        self.rnn = nn.GRU(n_chars, hidden, batch_first=True)
        self.decoder = nn.Linear(hidden, n_chars)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.decoder(out[:, -1])


class SoftmaxMLP(nn.Module):  # LG106 invalid example 2
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(30, 32), nn.ReLU(), nn.Linear(32, 4))
        self.softmax = nn.Softmax(dim=1)

    def forward(self, x):
        return self.softmax(self.layers(x))


def test_lg106_logits_into_nll_fires():
    report, caught = train(CharRNN(), lambda s: (torch.randn(8, 5, 16), torch.randint(0, 16, (8,))),
                           lambda m, x, y: F.nll_loss(m(x), y))
    assert report.codes() == ["LG106"]
    assert report.findings[0].message.startswith("F.nll_loss receives raw logits; it expects log-probabilities")


def test_lg106_probabilities_into_nll_fires():
    criterion = nn.NLLLoss()
    report, caught = train(SoftmaxMLP(), lambda s: (torch.randn(16, 30), torch.randint(0, 4, (16,))),
                           lambda m, x, y: criterion(m(x), y))
    assert report.codes() == ["LG106"]
    assert "receives softmax probabilities" in report.findings[0].message


class LogSoftmaxNet(nn.Module):  # LG106 valid example 1
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(128, 10)

    def forward(self, x):
        return F.log_softmax(self.fc(x), dim=1)


def test_lg106_valid_examples_stay_silent():
    report, caught = train(LogSoftmaxNet(), lambda s: (torch.randn(16, 128), torch.randint(0, 10, (16,))),
                           lambda m, x, y: F.nll_loss(m(x), y))
    assert report.ok and not caught
    model = nn.Sequential(nn.Linear(30, 4), nn.Softmax(dim=1))  # valid example 2: log of the softmax
    criterion = nn.NLLLoss()
    report, caught = train(model, lambda s: (torch.randn(8, 30), torch.randint(0, 4, (8,))),
                           lambda m, x, y: criterion(torch.log(m(x) + 1e-9), y))
    assert report.ok and not caught


# ---------------------------------------------------------------------------------------------- LG107


class BatchLogSoftmax(nn.Module):  # LG107 invalid example 1
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(20, 5)

    def forward(self, x):
        return F.log_softmax(self.fc(x), dim=0)


def test_lg107_log_softmax_over_the_batch_fires():
    report, caught = train(BatchLogSoftmax(), ids(32, 5), lambda m, x, y: F.nll_loss(m(x), y))
    assert report.codes() == ["LG107"]  # the more specific rule: not also LG106
    assert "log_softmax is taken along dim 0, the batch dimension, but F.nll_loss reads classes along dim 1" \
        in report.findings[0].message
    model = nn.Sequential(nn.Linear(20, 5), nn.LogSoftmax(dim=0))  # invalid example 2
    criterion = nn.NLLLoss()
    report, caught = train(model, ids(32, 5), lambda m, x, y: criterion(m(x), y))
    assert report.codes() == ["LG107"]


def test_lg107_softmax_over_the_batch_into_cross_entropy_fires():
    model = nn.Sequential(nn.Linear(20, 5), nn.Softmax(dim=0))
    report, caught = train(model, ids(8, 5), lambda m, x, y: F.cross_entropy(m(x), y))
    assert report.codes() == ["LG107"]


def test_lg107_valid_example_stays_silent():
    model = nn.Linear(20, 5)
    report, caught = train(model, ids(32, 5), lambda m, x, y: F.nll_loss(F.log_softmax(m(x), dim=1), y))
    assert report.ok and not caught


# ---------------------------------------------------------------------------------------- LG203, LG204


def test_lg203_cifar100_labels_on_ten_outputs_fire_before_torch_fails():  # LG203 invalid example 2
    model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10))
    criterion = nn.CrossEntropyLoss()
    images, labels = torch.rand(64, 3, 32, 32), torch.randint(0, 100, (64,))
    with pytest.warns(LossGuardWarning, match="LG203"):
        with watch(model) as report:
            with pytest.raises(IndexError):  # torch's "Target 57 is out of bounds" (a device assert on CUDA)
                criterion(model(images), labels)
    assert report.codes() == ["LG203"]
    assert "the output layer has 10 units but the labels include class id" in report.findings[0].message


def test_lg203_valid_cifar10_stays_silent():
    model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10))
    criterion = nn.CrossEntropyLoss()
    report, caught = train(model, lambda s: (torch.rand(16, 3, 32, 32), torch.randint(0, 10, (16,))),
                           lambda m, x, y: criterion(m(x), y))
    assert report.ok and not caught


def test_lg204_single_unit_cross_entropy_fires():  # LG204 invalid example 2
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))
    criterion = nn.CrossEntropyLoss()
    x, y = torch.randn(32, 8), torch.randint(0, 2, (32,))
    with pytest.raises(LossGuardError) as raised:  # mode "raise": before torch's IndexError
        with watch(model, mode="raise"):
            criterion(model(x), y)
    assert [f.code for f in raised.value.findings] == ["LG204"]
    # all-zero labels do not crash torch: the loss is identically 0 and nothing is learnt
    report, caught = train(model, lambda s: (torch.randn(32, 8), torch.zeros(32, dtype=torch.long)),
                           lambda m, x, y: criterion(m(x), y))
    assert report.codes() == ["LG204"]


# ---------------------------------------------------------------------------------------- LG301, LG302


def test_lg301_raw_images_into_conv_fires():  # LG301 invalid example 2 (PILToTensor, then .float())
    model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 32 * 32, 10))
    criterion = nn.CrossEntropyLoss()
    report, caught = train(model, lambda s: (torch.randint(0, 256, (8, 3, 32, 32), dtype=torch.uint8),
                                             torch.randint(0, 10, (8,))),
                           lambda m, x, y: criterion(m(x.float()), y))
    assert report.codes() == ["LG301"]
    assert report.findings[0].severity == "warning"
    assert "raw 0..255 images reach the model's first layer (Conv2d) without scaling" in report.findings[0].message


def test_lg301_flattened_raw_images_into_linear_fire():
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    report, caught = train(model, lambda s: (torch.randint(0, 256, (16, 1, 28, 28)).float(),
                                             torch.randint(0, 10, (16,))),
                           lambda m, x, y: F.cross_entropy(m(x), y))
    assert report.codes() == ["LG301"]


class ScalesInside(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.head = nn.Linear(4, 10)

    def forward(self, x):
        x = self.conv(x.float() / 255)
        return self.head(x.mean((2, 3)))


def test_lg301_valid_normalised_images_stay_silent():
    normalised = lambda s: ((torch.randint(0, 256, (16, 1, 28, 28)) / 255.0 - 0.5) / 0.5,  # noqa: E731
                            torch.randint(0, 10, (16,)))
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    report, caught = train(model, normalised, lambda m, x, y: F.cross_entropy(m(x), y))
    assert report.ok and not caught
    raw = lambda s: (torch.randint(0, 256, (8, 3, 16, 16), dtype=torch.uint8),  # noqa: E731
                     torch.randint(0, 10, (8,)))
    report, caught = train(ScalesInside(), raw, lambda m, x, y: F.cross_entropy(m(x), y))
    assert report.ok and not caught  # the model scales before its first learned layer
    bn_first = nn.Sequential(nn.BatchNorm2d(3), nn.Conv2d(3, 4, 3), nn.Flatten(), nn.Linear(4 * 14 * 14, 10))
    report, caught = train(bn_first, lambda s: (raw(s)[0].float(), raw(s)[1]),
                           lambda m, x, y: F.cross_entropy(m(x), y))
    assert report.ok and not caught  # BatchNorm normalises what reaches the convolution
    counts = lambda s: (torch.randint(0, 200, (16, 12)).float(), torch.randint(0, 2, (16,)))  # noqa: E731
    report, caught = train(nn.Linear(12, 2), counts, lambda m, x, y: F.cross_entropy(m(x), y))
    assert report.ok and not caught  # whole-number tabular features are not images


def test_lg302_mask_of_0_and_255_fires():  # LG302 invalid example 2
    model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 1, 1), nn.Sigmoid())
    criterion = nn.BCELoss()
    image = torch.randint(0, 256, (1, 3, 16, 16)).float() / 255
    mask = (torch.rand(1, 1, 16, 16) > 0.5).float() * 255
    with pytest.warns(LossGuardWarning, match="LG302"):
        with watch(model) as report:
            with pytest.raises(RuntimeError, match="target should be between 0 and 1"):
                criterion(model(image), mask)
    assert report.codes() == ["LG302"]
    # with BCEWithLogitsLoss torch says nothing at all, and trains on it
    logits_model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 1, 1))
    report, caught = train(logits_model, lambda s: (image, mask),
                           lambda m, x, y: F.binary_cross_entropy_with_logits(m(x), y))
    assert report.codes() == ["LG302"]


def test_lg302_autoencoder_on_raw_pixels_reports_lg302_only():  # the catalogue: the more specific rule
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 784))
    x = torch.randint(0, 256, (16, 1, 28, 28)).float()
    report, caught = train(model, lambda s: (x, x),
                           lambda m, x, y: F.binary_cross_entropy_with_logits(m(x), y.view(16, -1)))
    assert report.codes() == ["LG302"]


def test_lg302_valid_thresholded_mask_stays_silent():
    model = nn.Sequential(nn.Conv2d(3, 1, 1), nn.Sigmoid())
    criterion = nn.BCELoss()
    image = torch.randint(0, 256, (1, 3, 16, 16)).float() / 255
    mask = (torch.randint(0, 256, (1, 1, 16, 16)) > 0).float()
    report, caught = train(model, lambda s: (image, mask), lambda m, x, y: criterion(m(x), y))
    assert report.ok and not caught


# ------------------------------------------------------------------------------- false-positive sweep


class TinySegmenter(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, classes, 1))

    def forward(self, x):
        return self.body(x)


class TinyLM(nn.Module):
    def __init__(self, vocab=40, dim=16):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.rnn = nn.GRU(dim, dim, batch_first=True)
        self.head = nn.Linear(dim, vocab)

    def forward(self, tokens):
        out, _ = self.rnn(self.embed(tokens))
        return self.head(out)


def _lm_batch(step, n=4, length=10, vocab=40):
    tokens = torch.randint(0, vocab, (n, length))
    labels = tokens.clone()
    labels[:, -3:] = -100  # padding
    return tokens, labels


def _segmentation_batch(step, classes=21):
    image = torch.rand(2, 3, 16, 16)
    target = torch.randint(0, classes, (2, 16, 16))
    target[:, :3] = 255  # VOC-style "void" border, ignored by the loss
    return image, target


def _mixup_batch(step, classes=5):
    x = torch.randn(8, 20)
    a, b = F.one_hot(torch.randint(0, classes, (8,)), classes), F.one_hot(torch.randint(0, classes, (8,)), classes)
    return x, 0.7 * a.float() + 0.3 * b.float()


SWEEP = {
    "classification": (lambda: nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 5)), ids(16, 5),
                       lambda m, x, y: nn.CrossEntropyLoss()(m(x), y)),
    "class weights, one-class batch": (lambda: nn.Linear(20, 5), lambda s: (torch.randn(8, 20),
                                                                             torch.full((8,), 3)),
                                       lambda m, x, y: F.cross_entropy(m(x), y, weight=torch.rand(5))),
    "label smoothing": (lambda: nn.Linear(20, 5), ids(16, 5),
                        lambda m, x, y: nn.CrossEntropyLoss(label_smoothing=0.1)(m(x), y)),
    "soft targets (mixup)": (lambda: nn.Linear(20, 5), _mixup_batch,
                             lambda m, x, y: F.cross_entropy(m(x), y)),
    "knowledge distillation": (lambda: nn.Linear(20, 5), lambda s: (torch.randn(8, 20), None),
                               lambda m, x, y: F.cross_entropy(m(x), F.softmax(torch.randn(8, 5) / 2.0, 1))),
    "multi-label BCE": (lambda: nn.Linear(20, 6), lambda s: (torch.randn(8, 20), torch.randint(0, 2, (8, 6)).float()),
                        lambda m, x, y: nn.BCEWithLogitsLoss(pos_weight=torch.full((6,), 2.0))(m(x), y)),
    "multi-label with masked unknown labels": (
        lambda: nn.Linear(20, 6), lambda s: (torch.randn(8, 20), torch.randint(-1, 2, (8, 6)).float()),
        lambda m, x, y: (F.binary_cross_entropy_with_logits(m(x), y.clamp(min=0), reduction="none")
                         * (y >= 0)).mean()),
    "smoothed GAN labels": (lambda: nn.Sequential(nn.Linear(20, 1), nn.Sigmoid()),
                            lambda s: (torch.randn(8, 20), torch.full((8, 1), 0.9)),
                            lambda m, x, y: nn.BCELoss()(m(x), y)),
    "binary segmentation": (lambda: TinySegmenter(1), lambda s: (torch.rand(2, 3, 16, 16),
                                                                  (torch.rand(2, 1, 16, 16) > 0.5).float()),
                            lambda m, x, y: F.binary_cross_entropy_with_logits(m(x), y)),
    "segmentation (N, C, H, W), ignore_index=255": (
        lambda: TinySegmenter(21), _segmentation_batch,
        lambda m, x, y: nn.CrossEntropyLoss(ignore_index=255)(m(x), y)),
    "language model, ignore_index=-100": (
        TinyLM, _lm_batch,
        lambda m, x, y: F.cross_entropy(m(x)[:, :-1].reshape(-1, 40), y[:, 1:].reshape(-1))),
    "sequence output (N, C, L)": (TinyLM, _lm_batch,
                                  lambda m, x, y: F.cross_entropy(m(x).transpose(1, 2), y)),
    "log_softmax model, NLL on (N, C, L)": (
        TinyLM, _lm_batch, lambda m, x, y: F.nll_loss(F.log_softmax(m(x), -1).transpose(1, 2), y)),
    "probabilities from a log_softmax model": (
        lambda: nn.Sequential(nn.Linear(20, 5), nn.LogSoftmax(dim=1)), ids(8, 5),
        lambda m, x, y: F.nll_loss(torch.log(m(x).exp().clamp(min=1e-12)), y)),
    "mixed precision (bfloat16 autocast)": (
        lambda: nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 5)), ids(16, 5),
        lambda m, x, y: _autocast(lambda: F.cross_entropy(m(x), y))),
    "mixed precision, log_softmax in bfloat16": (
        lambda: nn.Linear(20, 300), ids(16, 300),
        lambda m, x, y: _autocast(lambda: F.nll_loss(F.log_softmax(m(x), 1), y))),
    "tiny batch: one row of logits that sums to 1": (
        lambda: _fixed_linear([0.25, 0.75]), lambda s: (torch.zeros(1, 20), torch.tensor([1])),
        lambda m, x, y: F.cross_entropy(m(x), y)),
    "binary logits that happen to lie in (0, 1)": (
        lambda: _fixed_linear([0.5]), lambda s: (torch.zeros(4, 20), torch.ones(4, 1)),
        lambda m, x, y: F.binary_cross_entropy_with_logits(m(x), y)),
    "normalised images": (lambda: nn.Sequential(nn.Conv2d(3, 4, 3), nn.Flatten(), nn.Linear(4 * 14 * 14, 10)),
                          lambda s: (torch.randint(0, 256, (4, 3, 16, 16)) / 255.0, torch.randint(0, 10, (4,))),
                          lambda m, x, y: F.cross_entropy(m(x), y)),
    "binary 0/1 images": (lambda: nn.Sequential(nn.Conv2d(1, 4, 3), nn.Flatten(), nn.Linear(4 * 14 * 14, 10)),
                          lambda s: ((torch.rand(4, 1, 16, 16) > 0.5).float(), torch.randint(0, 10, (4,))),
                          lambda m, x, y: F.cross_entropy(m(x), y)),
}


class RankerAndOrdinal(nn.Module):  # tests/programs/cases/w10_listwise_ranker_and_ordinal_clean.py
    def __init__(self, dim=16, classes=5):
        super().__init__()
        self.score = nn.Linear(dim, 1)
        self.proj = nn.Linear(dim, 1, bias=False)
        self.thresholds = nn.Parameter(torch.zeros(classes))

    def forward(self, candidates, features):
        log_p = F.log_softmax(self.score(candidates).view(-1), dim=0)  # over the candidates of one question
        return log_p.view(1, -1), F.log_softmax(self.proj(features) + self.thresholds, dim=1)


def _ranker_step(model, x, y):
    (candidates, features), (gold, grade) = x, y
    log_p, ordinal = model(candidates, features)
    return F.nll_loss(log_p, gold) + F.nll_loss(ordinal, grade)


class SpanEnd(nn.Module):  # tests/programs/cases/w10_resize_width_before_ce_clean.py
    def __init__(self, hidden=16):
        super().__init__()
        self.out = nn.Linear(hidden, 1)

    def forward(self, token_states):
        return self.out(token_states).reshape(1, -1)  # one score per token: the classes are the positions


class DCGANDiscriminator(nn.Module):  # tests/programs/cases/torch_clean_gan_sigmoid_bceloss.py
    def __init__(self):
        super().__init__()
        self.main = nn.Sequential(nn.Conv2d(3, 8, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True),
                                  nn.Conv2d(8, 1, 8, 1, 0, bias=False), nn.Sigmoid())

    def forward(self, x):
        return self.main(x)


def _gan_step(disc, real, fake):
    criterion = nn.BCELoss()
    out_real = disc(real).view(-1)
    out_fake = disc(fake).view(-1)
    return criterion(out_real, torch.ones_like(out_real)) + criterion(out_fake, torch.zeros_like(out_fake))


SWEEP.update({
    "listwise ranker (log_softmax over a vector's dim 0) and ordinal head": (
        RankerAndOrdinal, lambda s: ((torch.randn(7, 16), torch.randn(8, 16)),
                                     (torch.tensor([3]), torch.randint(0, 5, (8,)))), _ranker_step),
    "span end: one unit per token, the positions are the classes": (
        SpanEnd, lambda s: (torch.randn(12, 16), torch.tensor([7])), lambda m, x, y: nn.CrossEntropyLoss()(m(x), y)),
    "DCGAN discriminator: sigmoid, BCELoss on real and fake": (
        DCGANDiscriminator, lambda s: (torch.rand(4, 3, 16, 16) * 2 - 1, torch.tanh(torch.randn(4, 3, 16, 16))),
        _gan_step),
})


def _autocast(fn):
    with torch.autocast("cpu", dtype=torch.bfloat16):
        return fn()


def _fixed_linear(bias):
    layer = nn.Linear(20, len(bias))
    with torch.no_grad():
        layer.weight.zero_()
        layer.bias.copy_(torch.tensor(bias))
    return layer


@pytest.mark.parametrize("case", list(SWEEP))
def test_false_positive_sweep_of_correct_loops(case):
    make, batches, step = SWEEP[case]
    report, caught = train(make(), batches, step, steps=2)
    assert report.ok, str(report)
    assert not caught
    assert report.checked  # the loss was seen and checked, not skipped
    assert not report.notes


def test_sweep_covers_what_the_issue_lists():
    names = " ".join(SWEEP)
    for needed in ("classification", "multi-label", "segmentation", "language model", "ignore_index",
                   "label smoothing", "soft targets", "mixed precision"):
        assert needed in names


def test_one_row_of_logits_summing_to_1_without_autograd_stays_silent():
    """Under no_grad the autograd graph is missing: one row is not evidence enough; two rows are."""
    with torch.no_grad():
        one = torch.tensor([[0.25, 0.75]])
        fn = guard(F.cross_entropy)
        fn(one, torch.tensor([1]))
        assert fn.lossguard_report.ok
        fn = guard(F.cross_entropy)
        with pytest.warns(LossGuardWarning, match="LG104"):
            fn(F.softmax(torch.randn(2, 3), 1), torch.tensor([1, 2]))


# ------------------------------------------------------------------------------------ guard and modes


def test_guard_checks_the_first_n_calls_then_unhooks():
    criterion = guard(nn.CrossEntropyLoss(), batches=2)
    model = SoftmaxNet()
    x, y = torch.rand(4, 784), torch.randint(0, 10, (4,))
    with pytest.warns(LossGuardWarning):
        for _ in range(5):
            criterion(model(x), y)
    report = criterion.lossguard_report
    assert report.batches == 2 and len(report.checked) == 2 and not report.active
    assert not criterion._forward_pre_hooks  # the hook is gone: later calls cost nothing
    assert report.codes() == ["LG104"] and len(report.findings) == 1


def test_guard_wraps_functions_and_refuses_unknown_losses():
    fn = guard(F.binary_cross_entropy_with_logits)
    assert fn.__name__ == "binary_cross_entropy_with_logits"
    with pytest.warns(LossGuardWarning, match="LG302"):
        fn(torch.randn(4, 3), torch.full((4, 3), 2.0))
    assert fn.lossguard_report.findings[0].message.startswith("F.binary_cross_entropy_with_logits is trained")
    with pytest.raises(TypeError, match="does not know MSELoss"):
        guard(nn.MSELoss())
    with pytest.raises(TypeError, match="does not know"):
        guard(F.mse_loss)
    with pytest.raises(ValueError, match="mode"):
        guard(F.cross_entropy, mode="loud")
    with pytest.raises(ValueError, match="batches"):
        guard(F.cross_entropy, batches=0)


def test_guarded_module_inside_watch_is_checked_once():
    criterion = guard(nn.CrossEntropyLoss())
    model = SoftmaxNet()
    with pytest.warns(LossGuardWarning) as caught:
        with watch(model) as report:
            criterion(model(torch.rand(4, 784)), torch.randint(0, 10, (4,)))
    assert len([w for w in caught if issubclass(w.category, LossGuardWarning)]) == 1  # told once, by the guard
    assert criterion.lossguard_report.codes() == ["LG104"]
    assert report.ok and [line.split(": ")[1].split()[0] for line in report.checked] == ["Linear"]  # the layer only


def test_watch_unhooks_after_n_batches_and_restores_torch():
    model = SoftmaxNet()
    hooks_before = len(model._forward_pre_hooks), sum(len(m._forward_pre_hooks) for m in model.modules())
    criterion = nn.CrossEntropyLoss()
    w = watch(model, batches=2)
    assert F.cross_entropy is not ORIGINAL["cross_entropy"]  # wrapped while watching
    with pytest.warns(LossGuardWarning):
        for _ in range(4):
            criterion(model(torch.rand(4, 784)), torch.randint(0, 10, (4,))).backward()
    assert w.closed and not w.report.active and w.report.batches == 2
    assert F.cross_entropy is ORIGINAL["cross_entropy"]  # restored: later batches run plain torch
    assert (len(model._forward_pre_hooks), sum(len(m._forward_pre_hooks) for m in model.modules())) == hooks_before
    assert len(w.report.checked) == 4  # 2 batches x (first layer + loss)


def test_watch_gives_up_when_no_loss_is_ever_seen():
    model = nn.Linear(20, 5)
    with watch(model) as report:
        for _ in range(15):
            ((model(torch.randn(4, 20)) - 1) ** 2).mean().backward()
    assert not report.active and report.ok
    assert any("no loss call was seen" in n for n in report.notes)


def test_raise_mode_stops_before_the_loss_runs_and_cleans_up():
    model = SoftmaxNet()
    with pytest.raises(LossGuardError) as raised:
        with watch(model, mode="raise"):
            F.cross_entropy(model(torch.rand(4, 784)), torch.randint(0, 10, (4,)))
    assert raised.value.findings[0].code == "LG104"
    assert "LG104 softmax output goes into F.cross_entropy" in str(raised.value)
    fn = guard(F.nll_loss, mode="raise")
    with pytest.raises(LossGuardError):
        fn(torch.randn(4, 3), torch.tensor([0, 1, 2, 0]))


def test_log_mode_uses_python_logging(caplog):
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Flatten(), nn.Linear(4 * 14 * 14, 1))
    x = torch.randint(0, 256, (4, 3, 16, 16)).float()
    with caplog.at_level(logging.WARNING, logger="lossguard.runtime"):
        with warnings.catch_warnings():
            warnings.simplefilter("error", LossGuardWarning)  # log mode must not warn
            with watch(model, mode="log") as report:
                F.binary_cross_entropy_with_logits(model(x), torch.full((4, 1), 3.0))
    assert report.codes() == ["LG301", "LG302"]
    levels = {r.getMessage().split()[0]: r.levelno for r in caplog.records}
    assert levels == {"LG301": logging.WARNING, "LG302": logging.ERROR}  # the rules' severities
    assert caplog.records[0].lossguard_finding["rule"] in ("LG301", "LG302")


def test_report_object():
    fn = guard(F.cross_entropy)
    with pytest.warns(LossGuardWarning):
        fn(torch.randn(4, 1), torch.zeros(4, dtype=torch.long))
    report = fn.lossguard_report
    data = report.to_dict()
    assert data["findings"][0]["rule"] == "LG204" and data["findings"][0]["name"] == "single-unit-categorical-loss"
    assert data["findings"][0]["severity"] == "error" and data["batches"] == 1 and data["active"] is False
    assert str(report).startswith("lossguard.runtime: 1 finding in 1 batch checked")
    assert not report.ok and report.codes() == ["LG204"]


def test_origin_reads_the_autograd_graph_through_views():
    z = nn.Linear(4, 6)(torch.randn(3, 4))
    assert origin_of(z).kind == "raw"
    assert origin_of(F.softmax(z, 1).view(3, 2, 3).reshape(3, 6)).kind == "softmax"
    assert origin_of(F.softmax(z, 1).view(-1)).dim is None  # the shape changed: the dim is not comparable
    assert origin_of(F.softmax(z, 1).float()).dim == 1
    assert origin_of(torch.sigmoid(z).clamp(1e-7, 1 - 1e-7).squeeze()).kind == "sigmoid"
    assert origin_of(z * 2).kind == "other"
    assert origin_of(z.detach()).kind is None


def test_watch_says_so_when_the_loss_was_bound_before_it():
    loss_fn = F.cross_entropy  # bound before watch(): the wrapper in torch.nn.functional does not see it
    model = SoftmaxNet()
    with watch(model) as report:
        loss_fn(model(torch.rand(4, 784)), torch.randint(0, 10, (4,)))
    assert report.ok and any("bound before watch()" in note for note in report.notes)
    with pytest.warns(LossGuardWarning, match="LG104"):  # guard() is the way for such a name
        guard(loss_fn)(model(torch.rand(4, 784)), torch.randint(0, 10, (4,)))


def test_a_watch_and_a_trainer_style_watch_together_check_each_call_once():
    from lossguard.runtime.torch import Watch

    model = SoftmaxNet()
    plain = watch(model)
    external = Watch(model, external_batches=True)  # what the Lightning callback uses: a TorchFunctionMode
    external.begin_batch((torch.rand(4, 784), None))
    with pytest.warns(LossGuardWarning):
        F.cross_entropy(model(torch.rand(4, 784)), torch.randint(0, 10, (4,)))
    external.end_batch()
    plain.close()
    for report in (plain.report, external.report):
        assert report.codes() == ["LG104"]
        assert len([line for line in report.checked if "cross_entropy" in line]) == 1


def test_16_bit_probabilities_fire_and_16_bit_logits_do_not():
    z = nn.Linear(20, 10)(torch.randn(16, 20))
    fn = guard(F.cross_entropy)
    with pytest.warns(LossGuardWarning, match="LG104"):
        fn(F.softmax(z, 1).to(torch.bfloat16), torch.randint(0, 10, (16,)))  # rows sum to 1 within bf16 rounding
    assert "bfloat16 (16, 10)" in fn.lossguard_report.findings[0].observed
    with torch.no_grad():  # no autograd graph: the numbers alone, with the 16-bit tolerance and row count
        fn = guard(F.cross_entropy)
        fn(z.detach().to(torch.bfloat16).softmax(1)[:2], torch.tensor([1, 2]))
        assert fn.lossguard_report.ok and fn.lossguard_report.checked  # two rows are not enough in 16-bit
        fn = guard(F.cross_entropy)
        with pytest.warns(LossGuardWarning, match="LG104"):
            fn(z.detach().to(torch.bfloat16).softmax(1), torch.randint(0, 10, (16,)))
        fn = guard(F.cross_entropy)
        fn(z.detach().to(torch.bfloat16), torch.randint(0, 10, (16,)))
        assert fn.lossguard_report.ok


def test_lg201_one_hot_targets_where_torch_reads_class_ids():
    model = nn.Sequential(nn.Linear(20, 5), nn.LogSoftmax(dim=1))
    one_hot = F.one_hot(torch.randint(0, 5, (8,)), 5)
    for loss, target in ((F.nll_loss, one_hot.float()), (F.cross_entropy, one_hot)):  # float for NLL, int for CE
        fn = guard(loss)
        with pytest.warns(LossGuardWarning, match="LG201"):
            with pytest.raises(RuntimeError):  # torch refuses them itself, after the warning
                fn(model(torch.randn(8, 20)), target)
        assert fn.lossguard_report.codes() == ["LG201"]
        assert "expects integer class ids, but the labels are one-hot encoded" in fn.lossguard_report.findings[0].message
    fn = guard(F.cross_entropy)  # float one-hot rows are class probabilities for CrossEntropyLoss: correct
    fn(nn.Linear(20, 5)(torch.randn(8, 20)), one_hot.float())
    assert fn.lossguard_report.ok and fn.lossguard_report.checked
