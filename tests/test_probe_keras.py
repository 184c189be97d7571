"""Real training with Keras 3 (TensorFlow backend unless KERAS_BACKEND says otherwise), end to end from
user-like snippets through the analyser to both reference models. Every number below is measured.

Keras 3 on TensorFlow recovers the pre-activation logits of a sigmoid/softmax output inside its
cross-entropies (`_get_logits`), so some mistakes change nothing in training there: those tests assert
that the probe says so instead of inventing a difference.
"""

import functools
import os

import pytest

pytest.importorskip("keras")

from lossguard.checker.run import run_check  # noqa: E402
from lossguard.probe.api import probe_facts  # noqa: E402
from lossguard.config.settings import Settings  # noqa: E402
from lossguard.testing import check_code  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "fixtures", "seed_autoencoder.py")
TF = os.environ.get("KERAS_BACKEND", "tensorflow") == "tensorflow"

SNIPPETS = {
    "LG101": '''
import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu", input_shape=(100,)),
    tf.keras.layers.Dense(5),
    tf.keras.layers.Activation("softmax"),
])
model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy())
''',
    "LG102": '''
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

data = np.loadtxt("pima-indians-diabetes.csv", delimiter=",")
X, y = data[:, :8], data[:, 8]
model = Sequential()
model.add(Dense(12, input_dim=8, activation="relu"))
model.add(Dense(1, activation="softmax"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X, y, epochs=150, batch_size=10)
''',
    "LG103": '''
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense, Flatten
from keras.utils import to_categorical

(x_train, y_train), _ = mnist.load_data()
x_train = x_train / 255.0
y_train = to_categorical(y_train, 10)
model = Sequential([Flatten(input_shape=(28, 28)), Dense(128, activation="relu"), Dense(10, activation="sigmoid")])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5)
''',
    "LG104": '''
import tensorflow as tf

model = tf.keras.models.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax"),
])
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
model.compile(optimizer="adam", loss=loss_fn, metrics=["accuracy"])
''',
    "LG105": '''
import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.layers.Dense(16, activation="relu", input_shape=(20,)),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
''',
    "LG108": '''
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense, Flatten
from keras.utils import to_categorical

(x_train, y_train), _ = mnist.load_data()
x_train = x_train / 255.0
y_train = to_categorical(y_train, 10)
model = Sequential([Flatten(input_shape=(28, 28)), Dense(128, activation="relu"), Dense(10, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5)
''',
    "LG401": '''
from tensorflow import keras

(x_train, y_train), _ = keras.datasets.boston_housing.load_data()
model = keras.Sequential([keras.layers.Dense(64, activation="relu", input_shape=(13,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=100)
''',
    "LG201": '''
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense, Flatten
from keras.utils import to_categorical

(x_train, y_train), _ = mnist.load_data()
x_train = x_train / 255.0
y_train = to_categorical(y_train)
model = Sequential([Flatten(input_shape=(28, 28)), Dense(128, activation="relu"), Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5)
''',
    "LG202": '''
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense, Flatten

(x_train, y_train), _ = mnist.load_data()
x_train = x_train / 255.0
model = Sequential([Flatten(input_shape=(28, 28)), Dense(128, activation="relu"), Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5)
''',
    "LG204": '''
import pandas as pd
from keras.models import Sequential
from keras.layers import Dense

df = pd.read_csv("churn.csv")
X, y = df.drop(columns=["Exited"]).values, df["Exited"].values
classifier = Sequential()
classifier.add(Dense(units=6, activation="relu", input_dim=11))
classifier.add(Dense(units=1, activation="sigmoid"))
classifier.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
classifier.fit(X, y, batch_size=10, epochs=100)
''',
    "LG301": '''
import tensorflow as tf
from tensorflow.keras import layers

(x_train, y_train), _ = tf.keras.datasets.cifar10.load_data()
model = tf.keras.Sequential([
    layers.Conv2D(32, 3, activation="relu", input_shape=(32, 32, 3)),
    layers.Flatten(),
    layers.Dense(10),
])
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x_train, y_train, epochs=10)
''',
    "LG302": '''
from keras.layers import Input, Dense
from keras.models import Model
from keras.datasets import mnist

inputs = Input((784,))
hidden = Dense(64, activation="relu")(inputs)
outputs = Dense(784, activation="sigmoid")(hidden)
model = Model(inputs, outputs)
model.compile(loss="binary_crossentropy", optimizer="adam")
(trainX, _), _ = mnist.load_data()
trainX = trainX.reshape(trainX.shape[0], 784)
model.fit(trainX, trainX, epochs=5, batch_size=100)
''',
    "LG303": '''
from tensorflow import keras

(x_train, y_train), _ = keras.datasets.boston_housing.load_data()
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
x_train = (x_train - mean) / std
model = keras.Sequential([
    keras.layers.Dense(64, activation="relu", input_shape=(13,)),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=100, batch_size=16)
''',
}

STEPS = 120  # enough for every assertion below; the defaults (200-300) are for users


@functools.lru_cache(maxsize=None)
def probed(rule, steps=STEPS, cross_backend=False):
    """The experiment on the Keras backend of this process only (cross_backend: also Keras' torch backend
    when TensorFlow hides the mistake, as `lossguard probe` does)."""
    findings = [f for f in check_code(SNIPPETS[rule]) if f.rule == rule]
    assert len(findings) == 1, (rule, check_code(SNIPPETS[rule]))
    assert findings[0].facts["framework"] == "keras"
    exp = probe_facts(rule, findings[0].facts, steps=steps, cross_backend=cross_backend)
    assert not isinstance(exp, str), exp
    assert exp.backend == "keras"
    return exp


def final(exp, run):
    return getattr(exp, run).final(exp.metric.name)


@pytest.fixture(scope="module")
def seed_experiment():
    report = run_check([SEED], Settings(), jobs=1)
    lg101 = next(f for f in report.findings if f.rule == "LG101")
    return probe_facts("LG101", lg101.facts)  # auto backend, default steps: what `lossguard probe` runs


def test_seed_autoencoder_fixed_reconstruction_error_is_at_least_3x_lower(seed_experiment):
    exp = seed_experiment
    assert exp.backend == "keras" and exp.task == "autoencoder"
    written, fixed = final(exp, "written"), final(exp, "fixed")
    assert fixed * 3 <= written, (written, fixed)
    if TF:  # the demo's number (README): at least 17x lower reconstruction error fixed
        assert written / fixed >= 17, (written, fixed)
    assert written >= exp.chance["reconstruction error"]  # as written: worse than predicting the mean image
    assert fixed < exp.chance["reconstruction error"] / 3
    assert exp.written.final_loss() < -1000  # BCE on 0..255 targets is unbounded below
    assert [rule for rule, _ in exp.changes] == ["LG101", "LG302"]
    assert exp.improved and "x lower" in exp.verdict


def test_lg101_multilabel_softmax_cannot_predict_label_sets():
    exp = probed("LG101")
    assert exp.task == "multilabel" and exp.written.config.units == 5
    assert final(exp, "fixed") >= final(exp, "written") + 0.3
    assert exp.improved


def test_lg102_softmax_on_one_unit_stays_at_chance():
    exp = probed("LG102")
    values = exp.written.metrics["accuracy"]
    assert max(values) == min(values) == pytest.approx(exp.chance["accuracy"])
    assert final(exp, "fixed") > 0.85
    if TF:
        assert any("softmax operation will always return the value 1" in w for w in exp.written.raw.warnings)


@pytest.mark.skipif(not TF, reason="describes Keras' TensorFlow backend")
def test_lg103_trains_identically_on_keras_tensorflow_but_returns_other_probabilities():
    # Keras 3 on TensorFlow computes categorical cross-entropy from the sigmoid's logits: same training;
    # the model still returns sigmoid outputs, which are no class probabilities
    exp = probed("LG103")
    assert exp.written.raw.losses == pytest.approx(exp.fixed.raw.losses, rel=1e-6)
    assert exp.verdict.startswith("both runs trained identically")
    assert "but the probabilities the model returns differ: test NLL" in exp.verdict
    assert exp.written.final("test NLL") > 2 * exp.fixed.final("test NLL")
    assert exp.written.final("ECE") > exp.fixed.final("ECE") + 0.2


@pytest.mark.skipif(not TF, reason="describes Keras' TensorFlow backend")
def test_lg104_is_measured_harmless_in_training_on_keras_tensorflow_but_keras_warns():
    exp = probed("LG104")
    assert exp.written.loss == "SparseCategoricalCrossentropy(from_logits=True)"
    assert exp.fixed.loss == '"sparse_categorical_crossentropy"'
    assert not exp.improved and "no measurable effect" in exp.verdict
    assert any("received `from_logits=True`" in w for w in exp.written.raw.warnings)
    # the loss went below the double-softmax floor: TensorFlow did not apply the softmax twice
    assert exp.floor is not None and not exp.floor.holds and exp.written.final_loss() < exp.floor.value
    assert "did not apply the activation twice" in exp.verdict


@pytest.mark.skipif(not TF, reason="the TensorFlow run is the one that hides the mistake")
def test_lg104_on_keras_torch_backend_differs_from_the_tensorflow_run():
    exp = probed("LG104", cross_backend=True)
    (torch_run,) = exp.also
    assert exp.backend_version.endswith("(tensorflow " + exp.backend_version.split("(tensorflow ")[1])
    assert "(torch " in torch_run.backend_version
    # the same job: same configs, data, initial weights and batches; different losses
    assert torch_run.written.config == exp.written.config and torch_run.steps == exp.steps
    assert exp.written.raw.losses == pytest.approx(exp.fixed.raw.losses, rel=1e-6)  # TensorFlow: identical
    assert torch_run.fixed.raw.losses == pytest.approx(exp.fixed.raw.losses, rel=1e-3, abs=1e-4)  # same fixed run
    assert torch_run.written.raw.losses != pytest.approx(exp.written.raw.losses, rel=0.05)
    assert torch_run.floor.holds and min(torch_run.written.raw.losses) >= torch_run.floor.value - 1e-4
    grad = next(m for m in torch_run.measures if m.name == "output-layer gradient at step 0")
    assert grad.outcome == 1 and grad.fixed > 5 * grad.written
    assert exp.differs and exp.verdict.startswith("on TensorFlow Keras silently repairs the training")
    assert "on torch it does not" in exp.verdict


def test_lg105_linear_output_into_probability_bce():
    exp = probed("LG105")
    assert exp.fixed.loss == "BinaryCrossentropy(from_logits=True)"
    assert final(exp, "fixed") >= final(exp, "written")
    assert exp.reach_step is not None and exp.reach_step < exp.steps


def test_lg201_sparse_loss_on_one_hot_labels_fails_with_keras_own_error():
    exp = probed("LG201")
    assert exp.written.failed and exp.written.raw.error_step == 1
    assert "must have rank" in exp.written.raw.error
    assert final(exp, "fixed") > 0.85


def test_lg202_categorical_loss_on_integer_labels_fails_with_keras_own_error():
    exp = probed("LG202")
    assert exp.written.raw.error.startswith("ValueError: Arguments `target` and `output` must have the same rank")
    assert final(exp, "fixed") > 0.85 and exp.fixed.loss == '"sparse_categorical_crossentropy"'


def test_lg204_single_unit_categorical_loss_is_identically_zero():
    exp = probed("LG204")
    assert set(exp.written.raw.losses) == {0.0}
    assert final(exp, "written") == pytest.approx(exp.written.metrics["accuracy"][0])  # never moves
    assert final(exp, "fixed") > 0.85
    assert "loss is 0 at every step" in exp.verdict


def test_lg301_raw_pixels_train_worse():
    exp = probed("LG301")
    assert final(exp, "fixed") >= final(exp, "written") + 0.03
    assert exp.improved


def test_lg302_autoencoder_on_0_255_targets():
    exp = probed("LG302")
    assert exp.written.final_loss() < -1000
    assert final(exp, "fixed") * 3 <= final(exp, "written")


def test_lg303_sigmoid_regression_is_stuck_at_one():
    exp = probed("LG303", steps=300)
    assert exp.written.config.target_range == (5.0, 50.0)
    assert final(exp, "written") < -1 and final(exp, "fixed") > 0.3


def test_lg108_one_hot_bce_and_what_keras_reports():
    exp = probed("LG108")
    assert exp.fixed.loss == '"categorical_crossentropy"' and exp.fixed.head.endswith('activation="softmax")')
    # Keras 3 resolves "accuracy" from the output shape (categorical here), not from the loss: the reported
    # number is the real accuracy, so the probe must not claim it is inflated.
    reported = exp.written.metrics["accuracy as Keras reports it"][-1]
    assert reported == pytest.approx(final(exp, "written"), abs=0.005)
    assert "reports 'accuracy'" not in exp.verdict
    assert final(exp, "fixed") >= final(exp, "written")


def test_lg401_accuracy_of_a_regression_stays_at_zero_while_the_model_learns():
    exp = probed("LG401", steps=200)
    assert exp.kind == "reported metric"
    assert exp.written.raw.losses == exp.fixed.raw.losses  # the same model is trained
    assert set(exp.written.metrics["accuracy as Keras reports it"]) == {0.0}
    mae = exp.fixed.metrics["mae as Keras reports it"]
    assert mae[-1] < 0.5 * mae[0] and mae[-1] == pytest.approx(exp.fixed.final("MAE"), rel=1e-3)
    assert final(exp, "written") > 0.3  # R²: the model did learn
    assert exp.improved and "says nothing about the model" in exp.verdict


def test_keras_sgd_with_literal_learning_rate_is_mirrored():
    code = SNIPPETS["LG104"].replace('optimizer="adam"', "optimizer=tf.keras.optimizers.SGD(learning_rate=0.2)")
    (finding,) = [f for f in check_code(code) if f.rule == "LG104"]
    exp = probe_facts("LG104", finding.facts, steps=40, cross_backend=False)
    assert (exp.training.optimizer, exp.training.learning_rate) == ("sgd", 0.2)
    assert "optimizer SGD, learning rate 0.2" in exp.mirrored
    assert "SGD 0.2" in exp.training.optimizer_text() and final(exp, "fixed") > 0.5


def test_keras_runs_are_deterministic():
    a = probed("LG105", steps=30)
    probed.cache_clear()
    b = probed("LG105", steps=30)
    assert a.written.raw.losses == b.written.raw.losses and a.fixed.metrics == b.fixed.metrics


@pytest.mark.parametrize("rule", ["LG104", "LG103"])
def test_direct_train_step_matches_train_on_batch(rule):
    """keras_backend trains with Keras' own train_step logic without train_on_batch's overhead: the
    same losses, step by step (logit recovery included on TensorFlow)."""
    import numpy as np

    from lossguard.probe import keras_backend
    from lossguard.probe.experiment import plan_job

    (finding,) = [f for f in check_code(SNIPPETS[rule]) if f.rule == rule]
    config = plan_job(rule, finding.facts).written
    keras = keras_backend._import()
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, size=(64, 20)).astype(np.float32)
    labels = rng.integers(0, config.units, size=64)
    y = labels if config.labels == "integer" else np.eye(config.units, dtype=np.float32)[labels]
    losses = []
    for direct in (True, False):
        keras.utils.set_random_seed(0)
        inputs = keras.Input((20,))
        outputs = keras.layers.Dense(config.units, activation=config.activation)(
            keras.layers.Dense(16, activation="relu")(inputs))
        model = keras.Model(inputs, outputs)
        loss_fn, optimizer = keras_backend._loss(keras, config), keras.optimizers.Adam(0.01)
        model.compile(optimizer=optimizer, loss=loss_fn)
        step = keras_backend._train_step_fn(keras, model, loss_fn, optimizer) if direct else \
            (lambda a, b: float(np.asarray(model.train_on_batch(a, b)).reshape(-1)[0]))
        losses.append([step(x, y) for _ in range(15)])
    assert losses[0] == pytest.approx(losses[1], rel=1e-6, abs=1e-7)
