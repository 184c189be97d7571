"""Fast checks of the probe's pure parts: facts -> configurations, fixes and co-fixes, data, verdicts.

No framework is imported here; the measured behaviour is tested in test_probe_torch.py / test_probe_keras.py.
"""

import os

import pytest

from lossguard.checker.run import run_check
from lossguard.probe import scenarios
import numpy as np

from lossguard.probe.data import DIGIT_PROPERTIES, batch_schedule, digits, initial_weights, task_data, train_size
from lossguard.probe.experiment import Experiment, RunResult, plan_findings, plan_job
from lossguard.probe.metrics import task_metric
from lossguard.probe.plan import RawRun, error_text
from lossguard.probe.spec import RunConfig, class_notes, mirror, mirror_training
from lossguard.probe.verdict import compare, judge
from lossguard.config.settings import Settings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "fixtures", "seed_autoencoder.py")


@pytest.fixture(scope="module")
def seed_findings():
    report = run_check([SEED], Settings(), jobs=1)
    return report.findings


def test_seed_mirrors_to_a_raw_pixel_softmax_autoencoder(seed_findings):
    lg101 = next(f for f in seed_findings if f.rule == "LG101")
    written = scenarios.as_written(scenarios.SCENARIOS["LG101"], lg101.facts)
    assert (written.task, written.activation, written.loss, written.units) == ("autoencoder", "softmax", "bce", 64)
    assert written.raw_inputs and written.target_scale == 255.0 and written.labels == "pixels"
    fixed, changes = scenarios.fixed(scenarios.SCENARIOS["LG101"], written)
    assert (fixed.activation, fixed.target_scale, fixed.raw_inputs) == ("sigmoid", 1.0, False)
    assert [rule for rule, _, _ in changes] == ["LG101", "LG302"]  # LG302, not LG301: the specific rule


def test_single_fix_changes_only_the_findings_own_mistake(seed_findings):
    lg101 = next(f for f in seed_findings if f.rule == "LG101")
    written = scenarios.as_written(scenarios.SCENARIOS["LG101"], lg101.facts)
    fixed, changes = scenarios.fixed(scenarios.SCENARIOS["LG101"], written, single=True)
    assert fixed == written.with_(activation="sigmoid") and len(changes) == 1


def test_seed_findings_share_one_experiment(seed_findings):
    jobs, skipped = plan_findings(seed_findings, backend="keras")
    assert not skipped and len(jobs) == 1
    assert sorted(f.rule for f in jobs[0].findings) == ["LG101", "LG302"]


FACTS = {
    "LG101": {"framework": "torch", "loss": {"name": "nn.BCELoss", "family": "binary", "expects": "probabilities"},
              "output": {"activation": "softmax", "units": 20, "dim": -1}, "labels": {"encoding": "binary"},
              "raw_pixel_inputs": False, "autoencoder": False},
    "LG102": {"framework": "keras", "output": {"activation": "softmax", "units": 1, "dim": -1}},
    "LG103": {"framework": "keras", "loss": {"name": "categorical_crossentropy", "family": "categorical",
                                             "expects": "probabilities"},
              "output": {"activation": "sigmoid", "units": 10, "dim": -1}, "labels": {"encoding": "one_hot"}},
    "LG104": {"framework": "torch", "loss": {"name": "nn.CrossEntropyLoss", "family": "categorical", "expects": "logits"},
              "output": {"activation": "softmax", "units": 10, "dim": 1}, "labels": {"encoding": "integer"}},
    "LG105": {"framework": "torch", "loss": {"name": "nn.BCELoss", "family": "binary", "expects": "probabilities"},
              "output": {"activation": "linear", "units": 1, "dim": None}},
    "LG106": {"framework": "torch", "loss": {"name": "F.nll_loss", "family": "nll", "expects": "log_probabilities"},
              "output": {"activation": "linear", "units": 64, "dim": None}},
    "LG107": {"framework": "torch", "loss": {"name": "nn.NLLLoss", "family": "nll", "expects": "log_probabilities"},
              "output": {"activation": "log_softmax", "units": 5, "dim": 0}, "labels": {"encoding": "integer"}},
    "LG201": {"framework": "keras", "loss": {"name": "sparse_categorical_crossentropy", "family": "sparse_categorical",
                                             "expects": "probabilities"},
              "output": {"activation": "softmax", "units": 10, "dim": -1}, "labels": {"encoding": "one_hot"}},
    "LG202": {"framework": "keras", "loss": {"name": "categorical_crossentropy", "family": "categorical",
                                             "expects": "probabilities"},
              "output": {"activation": "softmax", "units": 10, "dim": -1}, "labels": {"encoding": "integer"}},
    "LG203": {"framework": "torch", "loss": {"name": "nn.CrossEntropyLoss", "family": "categorical", "expects": "logits"},
              "output": {"activation": "linear", "units": 10, "dim": None}, "labels": {"encoding": "integer",
                                                                                       "n_classes": 100}},
    "LG204": {"framework": "keras", "loss": {"name": "categorical_crossentropy", "family": "categorical",
                                             "expects": "probabilities"},
              "output": {"activation": "sigmoid", "units": 1, "dim": -1}},
    "LG301": {"framework": "keras", "loss": {"name": "SparseCategoricalCrossentropy", "family": "sparse_categorical",
                                             "expects": "logits"},
              "output": {"activation": "linear", "units": 10, "dim": -1}, "labels": {"encoding": "integer"},
              "raw_pixel_inputs": True},
    "LG302": {"framework": "torch", "loss": {"name": "nn.BCELoss", "family": "binary", "expects": "probabilities"},
              "output": {"activation": "sigmoid", "units": 1, "dim": None}, "labels": {"value_range": "0..255"}},
    "LG108": {"framework": "keras", "loss": {"name": "binary_crossentropy", "family": "binary",
                                             "expects": "probabilities"},
              "output": {"activation": "sigmoid", "units": 10, "dim": -1}, "labels": {"encoding": "one_hot"}},
    "LG401": {"framework": "keras", "loss": {"name": "mse", "family": "regression", "expects": "values"},
              "output": {"activation": "linear", "units": 1, "dim": -1},
              "labels": {"encoding": "continuous", "target_range": [5.0, 50.0]}},
    "LG303": {"framework": "keras", "loss": {"name": "mse", "family": "regression", "expects": "values"},
              "output": {"activation": "sigmoid", "units": 1, "dim": -1},
              "labels": {"encoding": "continuous", "target_range": [5.0, 50.0]}},
}

EXPECTED_TASK = {"LG101": "multilabel", "LG102": "binary", "LG103": "multiclass", "LG104": "multiclass",
                 "LG105": "binary", "LG106": "multiclass", "LG107": "multiclass", "LG201": "multiclass", "LG203": "multiclass",
                 "LG202": "multiclass", "LG204": "binary", "LG301": "multiclass", "LG302": "binary",
                 "LG303": "regression", "LG108": "multiclass", "LG401": "regression"}


@pytest.mark.parametrize("rule", sorted(FACTS))
def test_every_listed_rule_has_a_scenario_whose_fix_removes_the_mistake(rule):
    scenario = scenarios.SCENARIOS[rule]
    written = scenarios.as_written(scenario, FACTS[rule])
    assert written.task == EXPECTED_TASK[rule]
    assert scenario.broken(written), written
    fixed, _ = scenarios.fixed(scenario, written)
    assert fixed != written
    assert not any(s.broken(fixed) for s in scenarios.SCENARIOS.values()), fixed
    job = plan_job(rule, FACTS[rule])
    assert not isinstance(job, str), job
    assert job.backend == ("torch" if FACTS[rule]["framework"] == "torch" else "keras")


def test_units_and_classes_are_mirrored():
    assert mirror(FACTS["LG101"], {}).units == 6  # 20 tags -> at most 6 digit properties
    assert mirror(FACTS["LG106"], {}).n_classes == 64  # 64 characters -> a synthetic 64-class task
    assert mirror(FACTS["LG107"], {}).n_classes == 5  # 5 classes -> digits 0..4
    assert mirror(FACTS["LG303"], {}).target_range == (5.0, 50.0)
    huge = dict(FACTS["LG104"], output={"activation": "softmax", "units": 21843, "dim": 1}, labels={})
    assert (mirror(huge, {}).units, mirror(huge, {}).n_classes) == (1000, 1000)  # the largest task
    assert "21843 reduced to the probe's largest task, 1000" in class_notes(huge, mirror(huge, {}), None)[0]
    assert mirror(FACTS["LG104"], {}, classes=1000).units == 1000  # --classes
    mismatch = dict(FACTS["LG104"], labels={"encoding": "integer", "n_classes": 100})
    assert (mirror(mismatch, {}).units, mirror(mismatch, {}).n_classes) == (10, 100)  # LG203 keeps both


def test_data_beyond_ten_classes_is_a_balanced_synthetic_task():
    config = RunConfig(task="multiclass", units=1000, activation="linear", loss="sparse_cce", labels="integer",
                       from_logits=True, n_classes=1000)
    data = task_data(config)
    assert data.x_train.shape == (20000, 64) and data.x_test.shape == (2000, 64)
    assert 0.0 <= data.x_train.min() and data.x_train.max() <= 1.0
    assert (np.bincount(data.y_train) == 20).all() and (np.bincount(data.y_test) == 2).all()
    assert "synthetic 1000-class task" in data.description
    again = task_data(config)
    assert (again.x_train == data.x_train).all()  # fixed, not a random draw per run
    assert train_size(config) == 20000 and train_size(config.with_(n_classes=5, units=5)) == len(
        task_data(config.with_(n_classes=5, units=5)).x_train)


def test_training_setup_mirrors_literal_optimizer_learning_rate_and_batch_size():
    written = mirror(FACTS["LG104"], {})
    reference, rates = scenarios.reference(written), scenarios.reference_learning_rates(written)
    sgd = mirror_training({"training": {"optimizer": "sgd", "learning_rate": 0.01, "momentum": 0.9,
                                        "batch_size": 32}}, reference, rates, 1438)
    assert (sgd.optimizer, sgd.learning_rate, sgd.momentum, sgd.batch_size) == ("sgd", 0.01, 0.9, 32)
    assert sgd.mirrored == ("optimizer SGD, learning rate 0.01, momentum 0.9", "batch size 32")
    adam = mirror_training({"training": {"optimizer": "adamw"}}, reference, rates, 1438)
    assert (adam.optimizer, adam.learning_rate) == ("adam", 0.003)
    assert adam.mirrored == ("optimizer Adam (for adamw)",) and "learning rate 0.003 (not literal in the code)" in adam.assumed
    unknown = mirror_training({"training": {"optimizer": "adagrad", "batch_size": 4096}}, reference, rates, 1438)
    assert unknown.optimizer == "adam" and "optimizer Adam (adagrad is not mirrored)" in unknown.assumed
    assert unknown.batch_size == 512 and "batch size 4096 (run as 512)" in unknown.mirrored
    nothing = mirror_training(None, reference, rates, 1438, steps=50)
    assert (nothing.optimizer, nothing.batch_size, nothing.steps) == ("adam", 64, 50)
    assert scenarios.reference(written.with_(n_classes=1000, units=1000)).steps == 300
    job = plan_job("LG104", dict(FACTS["LG104"], training={"optimizer": "sgd", "learning_rate": 0.05}))
    assert job.training.optimizer == "sgd" and job.training.learning_rate == 0.05
    assert job.mirrored[0] == "10 classes (the head)"


def test_keras_only_mistakes_are_not_faked_in_torch():
    for rule in ("LG103", "LG201", "LG202"):
        reason = plan_job(rule, FACTS[rule], backend="torch")
        assert isinstance(reason, str) and "Keras mistake" in reason
    assert "PyTorch mistake" in plan_job("LG107", FACTS["LG107"], backend="keras")


def test_unknown_rules_and_facts_without_the_mistake_are_skipped():
    assert plan_job("LG000", {}) == "no probe scenario for LG000"
    assert "does not show" in plan_job("LG203", FACTS["LG104"])  # as many units as classes
    sane = dict(FACTS["LG102"], output={"activation": "sigmoid", "units": 1, "dim": -1})
    assert "does not show" in plan_job("LG102", sane)


def test_digits_data_is_the_bundled_set_scaled_like_user_data():
    images, labels = digits()
    assert images.shape == (1797, 64) and images.max() == 16 and sorted(set(labels.tolist())) == list(range(10))
    raw = task_data(RunConfig(task="autoencoder", units=64, activation="softmax", loss="bce", labels="pixels",
                              target_scale=255.0, raw_inputs=True))
    scaled = task_data(RunConfig(task="autoencoder", units=64, activation="sigmoid", loss="bce", labels="pixels"))
    assert raw.x_train.max() == 255 and raw.y_train.max() == 255 and scaled.x_train.max() == 1.0
    assert (raw.x_train / 255 == scaled.x_train).all()  # same images, only the scale differs
    assert len(raw.x_train) == 1438 and len(raw.x_test) == 359
    multi = task_data(RunConfig(task="multilabel", units=3, activation="sigmoid", loss="bce", labels="multi_hot",
                                n_classes=3))
    assert [name for name, _ in DIGIT_PROPERTIES[:3]] == ["even", ">=5", "prime"]
    assert multi.y_train.shape[1] == 3 and multi.truth_test.sum(axis=1).max() == 2  # several labels at once


def test_schedule_and_initial_weights_are_deterministic():
    assert (batch_schedule(1438, 64, 50, 3) == batch_schedule(1438, 64, 50, 3)).all()
    assert not (batch_schedule(1438, 64, 50, 3) == batch_schedule(1438, 64, 50, 4)).all()
    a, b = initial_weights([64, 32, 10], 0), initial_weights([64, 32, 10], 0)
    assert all((x[0] == y[0]).all() for x, y in zip(a, b))


def test_error_text_keeps_the_frameworks_own_first_line():
    class InvalidArgumentError(Exception):
        pass

    tf_like = InvalidArgumentError(
        "Graph execution error:\n\nDetected at node foo defined at (most recent call last):\n"
        "  File \"x.py\", line 1, in <module>\n\nReceived a label value of 1 which is outside the valid range "
        "of [0, 1).  Label values: 1 0 1\n\t [[{{node foo}}]] [Op:__inference_one_step]")
    assert error_text(tf_like) == ("InvalidArgumentError: Received a label value of 1 which is outside the "
                                   "valid range of [0, 1).")
    assert error_text(RuntimeError("all elements of input should be between 0 and 1")) == \
        "RuntimeError: all elements of input should be between 0 and 1"


def _experiment(task, written_values, fixed_values, written_losses=None, fixed_losses=None, error=None):
    config = RunConfig(task=task, units=10, activation="softmax", loss="cce", labels="one_hot")
    steps = list(range(0, 10 * len(written_values), 10))

    def run(label, values, losses, err=None):
        raw = RawRun(losses=losses or [1.0] * 10, eval_steps=steps[:len(values)], error=err,
                     error_step=1 if err else None)
        result = RunResult(label, config, "h", "l", "t", "i", raw)
        result.metrics[task_metric(task).name] = list(values)
        return result

    metric = task_metric(task)
    return Experiment(rule="LG999", shows="", backend="torch", backend_version="torch x", task=task, data="",
                      model="", steps=steps[-1], batch_size=64, learning_rate=0.003, seed=0, metric=metric,
                      chance={metric.name: 0.1}, written=run("as written", written_values, written_losses, error),
                      fixed=run("fixed", fixed_values, fixed_losses or [0.5] * 10), changes=[])


def test_verdict_is_computed_from_the_numbers():
    exp = _experiment("multiclass", [0.1, 0.1, 0.1], [0.1, 0.6, 0.9])
    judge(exp)
    assert exp.improved and exp.reach_step == 0
    assert exp.verdict.startswith("fixed reaches 0.900 accuracy vs 0.100 as written (chance 0.100)")
    assert "no better than its untrained start" in exp.verdict

    exp = _experiment("multiclass", [0.1, 0.5, 0.90], [0.1, 0.6, 0.91])
    judge(exp)
    assert not exp.improved and "no measurable difference" in exp.verdict and "step 20 of 20" not in exp.verdict

    exp = _experiment("multiclass", [0.1, 0.8, 0.9], [0.1, 0.5, 0.7])
    judge(exp)
    assert not exp.improved and exp.verdict.startswith("the fix does not help here")

    exp = _experiment("multiclass", [0.1], [0.1, 0.5, 0.9], error="RuntimeError: boom")
    judge(exp)
    assert exp.improved and exp.verdict.startswith("as written it fails at step 1 with RuntimeError: boom")

    exp = _experiment("multiclass", [0.1, 0.5, 0.9], [0.1, 0.5, 0.9], written_losses=[0.5] * 10)
    judge(exp)
    assert not exp.improved and exp.verdict.startswith("both runs trained identically")

    exp = _experiment("autoencoder", [0.25, 0.24, 0.23], [0.2, 0.05, 0.01])
    judge(exp)
    assert "23.0x lower" in exp.verdict


def test_compare_uses_absolute_tolerance_for_scores_and_relative_for_errors():
    acc, err = task_metric("multiclass"), task_metric("autoencoder")
    assert compare(acc, 0.90, 0.915) == 0 and compare(acc, 0.90, 0.93) == 1 and compare(acc, 0.9, 0.8) == -1
    assert compare(err, 0.10, 0.095) == 0 and compare(err, 0.10, 0.05) == 1 and compare(err, 0.05, 0.1) == -1


SETUP_CODE = {
    "keras-string-and-fit": ('''
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="sgd", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x, y, batch_size=128, epochs=3)
''', {"optimizer": "sgd", "batch_size": 128}),
    "keras-inline-instance": ('''
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(100, activation="softmax")])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
''', {"optimizer": "sgd", "learning_rate": 0.05, "momentum": 0.9}),
    "keras2-variable-positional": ('''
from keras.optimizers import Adam
from keras.models import Sequential
from keras.layers import Dense
opt = Adam(lr=1e-4)
model = Sequential([Dense(10, activation="softmax")])
model.compile(opt, "categorical_crossentropy")
model.fit(x, y, 64)
''', {"optimizer": "adam", "learning_rate": 0.0001, "batch_size": 64}),
    "torch-loader-and-optimizer": ('''
import torch
from torch import nn, optim
model = nn.Sequential(nn.Linear(784, 1000), nn.Softmax(dim=1))
loader = torch.utils.data.DataLoader(ds, batch_size=32, shuffle=True)
opt = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
criterion = nn.CrossEntropyLoss()
for x, y in loader:
    loss = criterion(model(x), y)
''', {"optimizer": "sgd", "learning_rate": 0.01, "momentum": 0.9, "batch_size": 32}),
    "torch-default-lr": ('''
import torch
from torch import nn
model = nn.Sequential(nn.Linear(784, 10), nn.Softmax(dim=1))
opt = torch.optim.Adam(model.parameters())
loss = nn.CrossEntropyLoss()(model(x), y)
''', {"optimizer": "adam"}),
    "torch-two-optimizers-disagree": ('''
import torch
from torch import nn
model = nn.Sequential(nn.Linear(784, 10), nn.Softmax(dim=1))
g = torch.optim.Adam(model.parameters(), 1e-3)
d = torch.optim.SGD(model.parameters(), 0.1)
loss = nn.CrossEntropyLoss()(model(x), y)
''', None),
    "torch-lr-from-a-schedule-or-variable": ('''
import torch
from torch import nn
model = nn.Sequential(nn.Linear(784, 10), nn.Softmax(dim=1))
opt = torch.optim.SGD(model.parameters(), lr=config.lr)
loss = nn.CrossEntropyLoss()(model(x), y)
''', {"optimizer": "sgd"}),
}


@pytest.mark.parametrize("key", sorted(SETUP_CODE))
def test_facts_carry_the_literal_optimizer_learning_rate_and_batch_size(key):
    import libcst

    from lossguard.facts import extract_facts

    code, expected = SETUP_CODE[key]
    (link,) = extract_facts(libcst.parse_module(code)).links
    assert link.summary().get("training") == expected


def test_summary_line_reads_naturally():
    from lossguard.probe.experiment import ProbeReport
    from lossguard.probe.report import summary_line

    helped = _experiment("multiclass", [0.1, 0.1, 0.1], [0.1, 0.6, 0.9])
    judge(helped)
    helped.findings = ["LG101", "LG302"]  # only counted
    same = _experiment("multiclass", [0.1, 0.5, 0.9], [0.1, 0.5, 0.9], written_losses=[0.5] * 10)
    judge(same)
    same.findings = ["LG104"]
    assert summary_line(ProbeReport(experiments=[helped])) == \
        "2 findings probed in 1 experiment; the fix helped measurably."
    assert summary_line(ProbeReport(experiments=[same])) == \
        "1 finding probed in 1 experiment; the fix made no measurable difference."
    assert summary_line(ProbeReport(experiments=[helped, same])) == \
        "3 findings probed in 2 experiments; the fix helped measurably in 1 and made no measurable difference in 1."


def test_loss_floors_in_closed_form():
    import math

    from lossguard.probe.bounds import double_softmax_floor, loss_floor

    assert double_softmax_floor(10) == pytest.approx(1.4611, abs=1e-4)
    assert double_softmax_floor(1000) == pytest.approx(5.9094, abs=1e-4)
    softmax_ce = RunConfig(task="multiclass", units=10, activation="softmax", loss="sparse_cce", labels="integer",
                           from_logits=True)
    assert loss_floor(softmax_ce, np.arange(5)).kind == "double softmax"
    assert loss_floor(softmax_ce.with_(activation="linear"), np.arange(5)) is None  # the fix: no floor
    sigmoid_bce = RunConfig(task="binary", units=1, activation="sigmoid", loss="bce", labels="binary",
                            from_logits=True)
    floor = loss_floor(sigmoid_bce, np.array([[1.0], [0.0]]))
    assert floor.per_sample.tolist() == pytest.approx([math.log1p(math.exp(-1)), math.log(2)])
    shares = RunConfig(task="multilabel", units=4, activation="softmax", loss="bce", labels="multi_hot", n_classes=4)
    floor = loss_floor(shares, np.array([[1, 1, 0, 0], [1, 0, 0, 0], [1, 1, 1, 1.0]]))
    assert floor.per_sample.tolist() == pytest.approx([2 * math.log(2) / 4, 0.0, 4 * math.log(4) / 4])
    assert loss_floor(shares, np.eye(4)) is None  # one label each: a softmax can reach 0


def test_verdict_names_the_measures_that_differ():
    exp = _experiment("multiclass", [0.1, 0.5, 0.9], [0.1, 0.85, 0.91])
    exp.written.at_end.update({"test NLL": 1.2, "ECE": 0.30})
    exp.fixed.at_end.update({"test NLL": 0.3, "ECE": 0.05})
    exp.written.raw.grad_norms, exp.fixed.raw.grad_norms = [0.02, None, 0.03], [0.3, None, 0.2]
    judge(exp)
    assert not exp.metric_outcome and exp.improved and exp.differs
    assert exp.verdict.startswith("the final accuracy is about the same (0.910 fixed vs 0.900 as written")
    assert "test NLL 0.300 fixed vs 1.200 as written (4.0x lower)" in exp.verdict
    assert "calibration error (ECE) 0.050 fixed vs 0.300 as written (6.0x lower)" in exp.verdict
    assert "a 15x smaller gradient (0.02 vs 0.3)" in exp.verdict
    assert "steps to 0.829 accuracy" in [m.name for m in exp.measures]
    quiet = _experiment("multiclass", [0.1, 0.5, 0.9], [0.1, 0.5, 0.91])
    quiet.written.at_end.update({"test NLL": 0.30, "ECE": 0.05})
    quiet.fixed.at_end.update({"test NLL": 0.29, "ECE": 0.04})
    judge(quiet)
    assert not quiet.differs and "no measurable difference" in quiet.verdict
    assert "nor to the steps to 0.829 accuracy, test NLL, ECE (within the probe's tolerances)" in quiet.verdict


def test_error_text_unwraps_a_tf_function_traceback():
    err = ValueError('in user code:\n\n    File "x.py", line 3, in step  *\n        loss = loss_fn(y, model(x))\n'
                     '    File "nn.py", line 1419, in sparse_categorical_crossentropy\n        raise ValueError(\n\n'
                     '    ValueError: Argument `output` must have rank (ndim) `target.ndim - 1`. Received: '
                     'target.shape=(64, 10), output.shape=(64, 10)\n')
    assert error_text(err) == ("ValueError: Argument `output` must have rank (ndim) `target.ndim - 1`. Received: "
                               "target.shape=(64, 10), output.shape=(64, 10)")


def test_the_torch_backend_run_starts_early_only_when_tensorflow_predictably_hides_the_mistake(monkeypatch):
    from lossguard.probe.crossrun import OtherBackend, predictably_hidden

    monkeypatch.delenv("KERAS_BACKEND", raising=False)  # Keras on TensorFlow
    keras_lg104 = {"framework": "keras", "loss": {"name": "SparseCategoricalCrossentropy", "family": "sparse_categorical",
                                                 "expects": "logits"},
                   "output": {"activation": "softmax", "units": 10, "dim": -1}, "labels": {"encoding": "integer"}}
    assert predictably_hidden(plan_job("LG104", keras_lg104))  # only from_logits changes
    assert predictably_hidden(plan_job("LG103", FACTS["LG103"]))  # sigmoid -> softmax under CCE
    assert not predictably_hidden(plan_job("LG102", FACTS["LG102"]))  # the outputs change: the metric shows it
    assert not predictably_hidden(plan_job("LG104", FACTS["LG104"]))  # torch code: no Keras backend
    monkeypatch.setenv("KERAS_BACKEND", "torch")
    assert not predictably_hidden(plan_job("LG104", keras_lg104))  # already on the torch backend
    monkeypatch.delenv("KERAS_BACKEND")
    extra = OtherBackend(plan_job("LG104", keras_lg104)).start()
    assert extra.proc is not None and extra.proc.poll() is None  # training alongside
    extra.cancel()
    assert extra.proc.returncode is not None and extra.files == (None, None)  # killed and reaped
