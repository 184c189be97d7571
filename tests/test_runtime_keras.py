"""lossguard.runtime.keras.LossGuard on real Keras 3 `fit` runs (tiny models, random data).

Runs on the backend KERAS_BACKEND selects (TensorFlow by default); `test_the_same_on_the_torch_backend`
runs this whole file again under KERAS_BACKEND=torch in a subprocess. Each rule's INVALID Keras examples
(rules/lgNNN_*.py) are fitted here on random arrays of the example's shapes and dtypes: the callback must
report the rule; on the VALID examples and the false-positive sweep it must stay silent.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras")
import numpy as np  # noqa: E402

from lossguard.runtime import LossGuardError, LossGuardWarning  # noqa: E402
from lossguard.runtime.keras import LossGuard  # noqa: E402

BACKEND = keras.backend.backend()
# Keras' torch backend builds the loss symbolically in fit() before any callback exists: it refuses target
# shapes that do not fit the output (one-hot into a sparse loss...) itself, with its own error, before the
# first batch. There is then no batch to check.
REFUSED_BEFORE_FIRST_BATCH = BACKEND == "torch"
L = keras.layers
RNG = np.random.default_rng(0)


def fit(model, loss, x, y, *, mode="warn", batch_size=None, epochs=1, expect_error=None, **fit_kwargs):
    """compile + fit with the callback; returns (callback, LossGuardWarnings). `expect_error`: the error
    Keras itself raises after the warning (its own shape checks), if any. One batch by default (the checked
    one: it runs eagerly, so no train function is ever traced and the test stays fast)."""
    batch_size = batch_size or len(next(iter(y.values())) if isinstance(y, dict) else y)
    keras.utils.set_random_seed(0)
    model.compile(optimizer="adam", loss=loss)
    guard = LossGuard(mode=mode)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if expect_error is None:
            model.fit(x, y, batch_size=batch_size, epochs=epochs, verbose=0, callbacks=[guard], **fit_kwargs)
        else:
            with pytest.raises(expect_error):
                model.fit(x, y, batch_size=batch_size, epochs=epochs, verbose=0, callbacks=[guard], **fit_kwargs)
    assert "compute_loss" not in model.__dict__ and model.run_eagerly is False  # nothing of lossguard remains
    return guard, [w for w in caught if issubclass(w.category, LossGuardWarning)]


def images(n=32, h=32, w=32, c=3):
    return RNG.integers(0, 256, (n, h, w, c)).astype("uint8")


def labels(n=32, classes=10):
    return RNG.integers(0, classes, (n,))


def mlp(inputs, *head, hidden=16):
    return keras.Sequential([keras.Input(inputs), L.Flatten(), L.Dense(hidden, activation="relu"), *head])


# ------------------------------------------------------------------------------------- INVALID examples


def test_lg104_softmax_into_from_logits_loss():  # LG104 invalid example 1
    model = mlp((28, 28), L.Dense(10, activation="softmax"))
    guard, caught = fit(model, keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                        RNG.random((32, 28, 28)).astype("float32"), labels())
    assert guard.report.codes() == ["LG104"] and len(caught) == 1
    assert caught[0].message.args[0].startswith(
        "LG104 softmax output goes into SparseCategoricalCrossentropy(from_logits=True), which treats its input "
        "as logits (from_logits=True): the activation is applied twice")
    assert caught[0].filename == __file__


def test_lg104_sigmoid_into_from_logits_bce():
    model = mlp((8,), L.Dense(1, activation="sigmoid"))
    guard, _ = fit(model, keras.losses.BinaryCrossentropy(from_logits=True), RNG.random((32, 8)),
                   labels(classes=2))
    assert guard.report.codes() == ["LG104"]
    assert 'Dense(activation="sigmoid")' in guard.report.findings[0].observed


def test_lg105_logits_into_probability_loss():  # LG105 invalid example 1
    inputs = keras.Input(shape=(None,), dtype="int64")
    x = L.GlobalAveragePooling1D()(L.Embedding(100, 8)(inputs))
    model = keras.Model(inputs, L.Dense(1)(x))
    guard, _ = fit(model, keras.losses.BinaryCrossentropy(), RNG.integers(0, 100, (32, 12)), labels(classes=2))
    assert guard.report.codes() == ["LG105"]
    assert "goes into BinaryCrossentropy(), which expects probabilities in [0, 1]" in guard.report.findings[0].message


def test_lg201_one_hot_labels_into_sparse_loss():  # LG201 invalid example
    model = mlp((32, 32, 3), L.Dense(10, activation="softmax"))
    guard, _ = fit(model, "sparse_categorical_crossentropy", images().astype("float32") / 255,
                   keras.utils.to_categorical(labels()), expect_error=ValueError)  # Keras' own shape error follows
    if REFUSED_BEFORE_FIRST_BATCH:
        assert guard.report.ok and not guard.report.checked
        return
    assert guard.report.codes() == ["LG201"]
    assert guard.report.findings[0].message == ('"sparse_categorical_crossentropy" expects integer class ids, but '
                                                'the labels are one-hot encoded')


def test_lg202_integer_labels_into_categorical_loss():  # LG202 invalid example (CIFAR-10 labels are (N, 1))
    model = mlp((32, 32, 3), L.Dense(10, activation="softmax"))
    guard, _ = fit(model, "categorical_crossentropy", images().astype("float32") / 255,
                   labels().reshape(-1, 1), expect_error=ValueError)
    if REFUSED_BEFORE_FIRST_BATCH:
        assert guard.report.ok and not guard.report.checked
        return
    assert guard.report.codes() == ["LG202"]


def test_lg203_output_units_differ_from_the_one_hot_classes():  # LG203 invalid example 1
    model = mlp((28, 28, 1), L.Dense(12, activation="softmax"))
    guard, _ = fit(model, "categorical_crossentropy", RNG.random((32, 28, 28, 1)),
                   keras.utils.to_categorical(labels(), 10), expect_error=ValueError)
    if REFUSED_BEFORE_FIRST_BATCH:
        assert guard.report.ok and not guard.report.checked
        return
    assert guard.report.codes() == ["LG203"]
    assert guard.report.findings[0].message == "the output layer has 12 units but the labels have 10 classes"


def test_lg203_class_ids_beyond_the_output_units():
    model = mlp((8,), L.Dense(10))
    expect = None if BACKEND == "jax" else Exception  # TF and torch refuse the id themselves (after the warning)
    guard, _ = fit(model, keras.losses.SparseCategoricalCrossentropy(from_logits=True), RNG.random((32, 8)),
                   labels(classes=100), expect_error=expect)
    assert guard.report.codes() == ["LG203"]


def test_lg204_single_unit_categorical_loss():  # LG204 invalid example 1
    model = keras.Sequential([keras.Input((11,)), L.Dense(6, activation="relu"), L.Dense(1, activation="sigmoid")])
    guard, _ = fit(model, "categorical_crossentropy", RNG.random((32, 11)), labels(classes=2).astype("float32"))
    assert guard.report.codes() == ["LG204"]


def test_lg301_raw_cifar_images():  # LG301 invalid example 1
    model = keras.Sequential([keras.Input((32, 32, 3)), L.Conv2D(4, 3, activation="relu"), L.Flatten(), L.Dense(10)])
    guard, caught = fit(model, keras.losses.SparseCategoricalCrossentropy(from_logits=True), images(), labels())
    assert guard.report.codes() == ["LG301"]
    assert caught[0].message.args[0].startswith(
        "LG301 raw 0..255 images reach the model's first learned layer (Conv2D) without scaling")


def test_lg107_softmax_over_the_batch_axis():
    model = keras.Sequential([keras.Input((8,)), L.Dense(5), L.Softmax(axis=0)])
    guard, _ = fit(model, "categorical_crossentropy", RNG.random((16, 8)), keras.utils.to_categorical(labels(16, 5), 5))
    assert guard.report.codes() == ["LG107"]
    assert guard.report.findings[0].message.startswith(
        'softmax is taken along axis 0, the batch dimension, but "categorical_crossentropy" reads classes along '
        'axis -1')


def test_lg302_autoencoder_on_raw_pixels_reports_lg302_only():  # LG302 invalid example 1
    inputs = keras.Input((784,))
    model = keras.Model(inputs, L.Dense(784, activation="sigmoid")(L.Dense(16, activation="relu")(inputs)))
    train_x = images(32, 28, 28, 1).reshape(32, 784)
    # the torch backend computes BCE with torch, which refuses such targets (after the warning)
    guard, _ = fit(model, "binary_crossentropy", train_x, train_x,
                   expect_error=RuntimeError if BACKEND == "torch" else None)
    assert guard.report.codes() == ["LG302"]  # not also LG301: the catalogue reports the more specific rule


# --------------------------------------------------------------------------------------- VALID examples


def test_valid_examples_stay_silent():
    cases = [
        (mlp((8,), L.Dense(1)), keras.losses.BinaryCrossentropy(from_logits=True), RNG.random((32, 8)),
         labels(classes=2)),  # LG105 valid 1
        (mlp((32, 32, 3), L.Dense(10, activation="softmax")), "sparse_categorical_crossentropy",
         images().astype("float32") / 255, labels().reshape(-1, 1)),  # LG201 valid: CIFAR's (N, 1) ids
        (mlp((28, 28), L.Dense(10, activation="softmax")), "categorical_crossentropy",
         RNG.random((32, 28, 28)), keras.utils.to_categorical(labels(), 10)),  # LG202 valid
        (keras.Sequential([keras.Input((11,)), L.Dense(6, activation="relu"), L.Dense(1, activation="sigmoid")]),
         "binary_crossentropy", RNG.random((32, 11)), labels(classes=2)),  # LG204 valid
        (keras.Sequential([keras.Input((32, 32, 3)), L.Rescaling(1.0 / 255), L.Conv2D(4, 3), L.Flatten(),
                           L.Dense(10)]),
         keras.losses.SparseCategoricalCrossentropy(from_logits=True), images(), labels()),  # LG301 valid 1
        (mlp((28, 28), L.Dense(10, activation="softmax")), "sparse_categorical_crossentropy",
         (lambda x: (x - x.mean()) / x.std())(images(32, 28, 28, 1)[..., 0].astype("float32")),
         labels()),  # LG301 valid 3: standardised
    ]
    x = images(32, 28, 28, 1).reshape(32, 784).astype("float32") / 255.0
    cases.append((keras.Sequential([keras.Input((784,)), L.Dense(16, activation="relu"),
                                    L.Dense(784, activation="sigmoid")]), "binary_crossentropy", x, x))  # LG203/302
    for model, loss, x, y in cases:
        guard, caught = fit(model, loss, x, y)
        assert guard.report.ok, str(guard.report)
        assert not caught and guard.report.checked


# ------------------------------------------------------------------------------- false-positive sweep


def _segmentation():
    y = RNG.integers(0, 5, (8, 16, 16))
    model = keras.Sequential([keras.Input((16, 16, 3)), L.Conv2D(8, 3, padding="same", activation="relu"),
                              L.Conv2D(5, 1, activation="softmax")])
    if BACKEND == "torch":  # Keras 3.15's torch backend fails on a sparse loss over (N, H, W, C) by itself
        # ("grad_input must be contiguous", with or without lossguard): one-hot masks instead
        return model, "categorical_crossentropy", RNG.random((8, 16, 16, 3)), keras.utils.to_categorical(y, 5)
    y[:, :2] = 255  # ignored border
    return model, keras.losses.SparseCategoricalCrossentropy(ignore_class=255), RNG.random((8, 16, 16, 3)), y


def _sequence():
    model = keras.Sequential([keras.Input((10,), dtype="int32"), L.Embedding(40, 8), L.GRU(8, return_sequences=True),
                              L.Dense(40)])
    return model, keras.losses.SparseCategoricalCrossentropy(from_logits=True), RNG.integers(0, 40, (8, 10)), \
        RNG.integers(0, 40, (8, 10))


def _soft_targets():
    y = RNG.dirichlet(np.ones(5), 16).astype("float32")
    return mlp((8,), L.Dense(5)), keras.losses.CategoricalCrossentropy(from_logits=True), RNG.random((16, 8)), y


def _mixed_precision():
    model = keras.Sequential([keras.Input((8,)), L.Dense(16, activation="relu", dtype="mixed_bfloat16"),
                              L.Dense(5, activation="softmax", dtype="mixed_bfloat16")])
    return model, "sparse_categorical_crossentropy", RNG.random((32, 8)), labels(classes=5)


def _tiny_batch():
    model = keras.Sequential([keras.Input((4,)), L.Dense(2, kernel_initializer="zeros",
                                                         bias_initializer=keras.initializers.Constant([0.25, 0.75]))])
    return model, keras.losses.SparseCategoricalCrossentropy(from_logits=True), np.zeros((1, 4)), np.array([1])


def _multi_output():
    inputs = keras.Input((8,))
    hidden = L.Dense(16, activation="relu")(inputs)
    model = keras.Model(inputs, {"kind": L.Dense(3, activation="softmax", name="kind")(hidden),
                                 "flag": L.Dense(1, activation="sigmoid", name="flag")(hidden)})
    return model, {"kind": "sparse_categorical_crossentropy", "flag": "binary_crossentropy"}, RNG.random((16, 8)), \
        {"kind": labels(16, 3), "flag": labels(16, 2)}


SWEEP = {
    "classification": lambda: (mlp((8,), L.Dense(5, activation="softmax")), "sparse_categorical_crossentropy",
                               RNG.random((32, 8)), labels(classes=5)),
    "one-class batch": lambda: (mlp((8,), L.Dense(5)), keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                                RNG.random((32, 8)), np.full(32, 4)),
    "multi-label sigmoid BCE": lambda: (mlp((8,), L.Dense(6, activation="sigmoid")), "binary_crossentropy",
                                        RNG.random((16, 8)), RNG.integers(0, 2, (16, 6))),
    "two softmax units, one-hot BCE": lambda: (mlp((8,), L.Dense(2, activation="softmax")), "binary_crossentropy",
                                               RNG.random((16, 8)), keras.utils.to_categorical(labels(16, 2), 2)),
    "label smoothing": lambda: (mlp((8,), L.Dense(5, activation="softmax")),
                                keras.losses.CategoricalCrossentropy(label_smoothing=0.1), RNG.random((16, 8)),
                                keras.utils.to_categorical(labels(16, 5), 5)),
    "soft targets": _soft_targets,
    "segmentation (N, H, W, C), ignore_class=255": _segmentation,
    "sequence (N, L, V) logits": _sequence,
    "mixed precision (mixed_bfloat16)": _mixed_precision,
    "tiny batch: one row of logits that sums to 1": _tiny_batch,
    "multi-output dict": _multi_output,
    # written like tests/programs/cases/w10_random_binary_labels_clean.py and ..._to_categorical_clean.py
    "random binary labels, sigmoid BCE": lambda: (
        keras.Sequential([keras.Input((16,)), L.Dense(32, activation="relu"), L.Dense(1, activation="sigmoid")]),
        "binary_crossentropy", RNG.normal(size=(64, 16)).astype("float32"), RNG.integers(0, 2, 64)),
    "random one-hot labels, softmax CCE over images": lambda: (
        keras.Sequential([keras.Input((32, 32, 3)), L.Conv2D(8, 3, activation="relu"), L.GlobalAveragePooling2D(),
                          L.Dense(3, activation="softmax")]),
        "categorical_crossentropy", RNG.random((16, 32, 32, 3)),
        keras.utils.to_categorical(RNG.integers(3, size=(16,)), num_classes=3)),
}


@pytest.mark.parametrize("case", list(SWEEP))
def test_false_positive_sweep(case):
    model, loss, x, y = SWEEP[case]()
    guard, caught = fit(model, loss, x, y)
    assert guard.report.ok, str(guard.report)
    assert not caught and guard.report.checked and not guard.report.notes


def test_class_weights_and_scaled_dataset_pipeline_stay_silent():
    import tensorflow as tf  # tf.data works with every backend's fit

    raw = images(32)
    dataset = tf.data.Dataset.from_tensor_slices((raw, labels())).batch(8).map(
        lambda x, y: (tf.cast(x, tf.float32) / 255.0, y))
    model = keras.Sequential([keras.Input((32, 32, 3)), L.Conv2D(4, 3), L.Flatten(), L.Dense(10)])
    keras.utils.set_random_seed(0)
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    guard = LossGuard()
    model.fit(dataset, epochs=1, verbose=0, callbacks=[guard], class_weight={i: 1.0 + i for i in range(10)})
    assert guard.report.ok and guard.report.checked


# ------------------------------------------------------------------------------------------- mechanics


class _TrainFunctions(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.seen = []
        self.own = None

    def on_train_begin(self, logs=None):
        self.own = self.model.train_function  # made by fit() before any batch

    def on_train_batch_begin(self, batch, logs=None):
        self.seen.append(self.model.train_function)


def test_first_batch_only_then_the_compiled_train_function_is_back():
    model = mlp((28, 28), L.Dense(10, activation="softmax"))
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    recorder, guard = _TrainFunctions(), LossGuard()
    with pytest.warns(LossGuardWarning):
        model.fit(RNG.random((64, 28, 28)), labels(64), batch_size=16, epochs=2, verbose=0,
                  callbacks=[guard, recorder])
    assert guard.report.batches == 1 and len(guard.report.checked) == 1 and not guard.report.active
    later = recorder.seen[1:]
    assert len(later) == 7 and all(fn is recorder.own for fn in later)  # the model's own function is back
    assert recorder.seen[0] is not recorder.own  # batch 1 ran through lossguard's (eager on TF / JAX)
    assert model.run_eagerly is False and "compute_loss" not in model.__dict__


def test_raise_mode_stops_fit_and_restores_the_model():
    model = mlp((8,), L.Dense(1, activation="sigmoid"))
    with pytest.raises(LossGuardError) as raised:
        fit(model, "categorical_crossentropy", RNG.random((32, 8)), labels(classes=2), mode="raise",
            expect_error=None)
    assert raised.value.findings[0].code == "LG204"
    assert "compute_loss" not in model.__dict__ and model.run_eagerly is False


def test_log_mode(caplog):
    model = keras.Sequential([keras.Input((16, 16, 1)), L.Flatten(), L.Dense(4, activation="softmax")])
    with caplog.at_level(logging.WARNING, logger="lossguard.runtime"):
        guard, caught = fit(model, keras.losses.CategoricalCrossentropy(from_logits=True),
                            images(16, 16, 16, 1), keras.utils.to_categorical(labels(16, 4), 4), mode="log")
    assert not caught
    assert sorted(r.getMessage().split()[0] for r in caplog.records) == ["LG104", "LG301"]


def test_unknown_losses_and_custom_compute_loss_are_not_checked():
    guard, caught = fit(mlp((8,), L.Dense(1)), "mse", RNG.random((16, 8)), RNG.random(16))
    assert guard.report.ok and not guard.report.checked

    class Custom(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = L.Dense(3, activation="softmax")

        def call(self, x):
            return self.dense(x)

        def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
            return keras.ops.mean((y_pred - keras.ops.one_hot(keras.ops.cast(y, "int32"), 3)) ** 2)

    guard, caught = fit(Custom(), keras.losses.SparseCategoricalCrossentropy(from_logits=True), RNG.random((16, 8)),
                        labels(16, 3))
    assert guard.report.ok and any("overrides compute_loss" in n for n in guard.report.notes)


@pytest.mark.skipif(BACKEND != "tensorflow" or os.environ.get("LOSSGUARD_KERAS_SUBPROCESS") == "1",
                    reason="runs once, from the TensorFlow-backend run")
def test_the_same_on_the_torch_backend():
    pytest.importorskip("torch")
    env = dict(os.environ, KERAS_BACKEND="torch", LOSSGUARD_KERAS_SUBPROCESS="1")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__,
                           # every INVALID and VALID example, the mechanics, and the sweep cases where the
                           # backend matters (dtypes, layouts); the rest of the sweep runs on TensorFlow only
                           "-k", "not class_weights and (not sweep or mixed or segmentation or sequence or tiny)"],
                          cwd=Path(__file__).resolve().parent.parent, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    summary = done.stdout.strip().splitlines()[-1]
    assert re.search(r"\b\d+ passed\b", summary) and not re.search(r"\b\d+ failed\b", summary), summary
