"""The Keras 3 building blocks: a functional MLP with the configured output head, Keras' own losses and
optimizers (SGD, Adam, RMSprop).

Keras runs on the TensorFlow backend unless `KERAS_BACKEND` selects another one (the probe itself runs
a second, torch-backend experiment in a fresh interpreter when TensorFlow hides a mistake: see
`crossrun`). keras and tensorflow are imported inside functions only, with TensorFlow's C++ logging
silenced. Runs are deterministic (`keras.utils.set_random_seed`, TensorFlow op determinism).
"""

from __future__ import annotations

import os
import time
from typing import Any, Optional

from lossguard.probe.plan import ProgressFn, RawRun, RunPlan, run_steps
from lossguard.probe.spec import RunConfig

NAME = "keras"
PACKAGE = "keras"

_CLASS_NAMES = {"bce": "BinaryCrossentropy", "cce": "CategoricalCrossentropy",
                "sparse_cce": "SparseCategoricalCrossentropy"}
_STRING_NAMES = {"bce": "binary_crossentropy", "cce": "categorical_crossentropy",
                 "sparse_cce": "sparse_categorical_crossentropy", "mse": "mse", "mae": "mae", "huber": "huber"}


def engine() -> str:
    return os.environ.get("KERAS_BACKEND", "tensorflow")


def _quiet_environment() -> None:
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    os.environ.setdefault("ABSL_MIN_LOG_LEVEL", "3")


def available() -> Optional[str]:
    import importlib.util

    if importlib.util.find_spec("keras") is None:
        return "keras is not installed"
    backend = engine()
    module = {"tensorflow": "tensorflow", "torch": "torch", "jax": "jax"}.get(backend, backend)
    if importlib.util.find_spec(module) is None:
        return f"keras' backend {backend!r} ({module}) is not installed"
    return None


def _import() -> Any:
    _quiet_environment()
    import keras

    if keras.backend.backend() == "tensorflow":
        import logging

        import tensorflow as tf

        tf.get_logger().setLevel(logging.ERROR)
        tf.config.experimental.enable_op_determinism()
    elif keras.backend.backend() == "torch":
        import torch

        if torch.get_num_threads() != 1:  # a tiny MLP: threads only cost on a busy machine
            torch.set_num_threads(1)
    return keras


def version() -> str:
    keras = _import()
    backend = keras.backend.backend()
    detail = backend
    if backend == "tensorflow":
        import tensorflow as tf

        detail = f"tensorflow {tf.__version__}"
    elif backend == "torch":
        import torch

        detail = f"torch {torch.__version__.split('+')[0]}"
    return f"keras {keras.__version__} ({detail})"


def recovers_logits(config: RunConfig) -> bool:
    """Does Keras on TensorFlow silently compute this loss from the pre-activation logits?

    Its cross-entropies read the logits cached on a softmax/sigmoid output (`_keras_logits`, in
    keras/src/backend/tensorflow/nn.py `_get_logits`), whatever `from_logits` says; the other backends
    compute the loss on the output as written.
    """
    return config.activation in ("softmax", "sigmoid") and config.loss in _CLASS_NAMES


def unsupported(config: RunConfig) -> Optional[str]:
    if config.loss == "nll":
        return "Keras has no NLLLoss"
    if config.act_axis == "batch":
        return "the probe's Keras models take activations over the units axis only"
    return None


def loss_text(config: RunConfig) -> str:
    if config.loss in _CLASS_NAMES and config.from_logits:
        return f"{_CLASS_NAMES[config.loss]}(from_logits=True)"
    return f'"{_STRING_NAMES[config.loss]}"'


def head_text(config: RunConfig, fan_in: int) -> str:
    if config.activation == "linear":
        return f"Dense({config.units})"
    return f'Dense({config.units}, activation="{config.activation}")'


def _loss(keras: Any, config: RunConfig) -> Any:
    losses = keras.losses
    if config.loss == "bce":
        return losses.BinaryCrossentropy(from_logits=config.from_logits)
    if config.loss == "cce":
        return losses.CategoricalCrossentropy(from_logits=config.from_logits)
    if config.loss == "sparse_cce":
        return losses.SparseCategoricalCrossentropy(from_logits=config.from_logits)
    return {"mse": losses.MeanSquaredError, "mae": losses.MeanAbsoluteError, "huber": losses.Huber}[config.loss]()


def build(keras: Any, plan: RunPlan) -> Any:
    config = plan.config
    layers = keras.layers
    inputs = keras.Input((plan.layers[0],))
    hidden = inputs
    for size in plan.layers[1:-1]:
        hidden = layers.Dense(size, activation="relu")(hidden)
    activation = None if config.activation == "linear" else config.activation
    outputs = layers.Dense(config.units, activation=activation)(hidden)
    model = keras.Model(inputs, outputs)
    model.set_weights([array for pair in plan.weights for array in pair])
    return model


def train(plan: RunPlan, progress: Optional[ProgressFn] = None) -> RawRun:

    import numpy as np

    keras = _import()
    started = time.perf_counter()
    keras.backend.clear_session()
    keras.utils.set_random_seed(plan.seed)
    run = RawRun()
    config = plan.config
    target_dtype = np.int64 if config.labels == "integer" else np.float32
    x_train = np.ascontiguousarray(plan.x_train, dtype=np.float32)
    y_train = np.ascontiguousarray(plan.y_train, dtype=target_dtype)
    x_test = np.ascontiguousarray(plan.x_test, dtype=np.float32)

    y_test = None if plan.y_test is None else np.ascontiguousarray(plan.y_test, dtype=target_dtype)

    loss_fn = _loss(keras, config)
    grad_x = None if plan.grad_rows is None else x_train[plan.grad_rows]
    grad_y = None if plan.grad_rows is None else y_train[plan.grad_rows]

    def record(step: int) -> None:
        run.outputs.append(plan.keep(np.asarray(model.predict_on_batch(x_test)).copy(), step))
        run.grad_norms.append(grad_norm(grad_x, grad_y) if step in plan.grad_steps else None)
        run.eval_steps.append(step)
        if config.reported_metric:  # what Keras itself reports for compile(metrics=[...])
            logs = model.test_on_batch(x_test, y_test, return_dict=True)
            name = next((k for k in logs if k != "loss"), None)
            run.reported.append(float(logs[name]) if name else float("nan"))

    model: Any = None
    grad_norm: Any = None
    train_step: Any = None

    def setup() -> None:
        nonlocal model, grad_norm, train_step
        model = build(keras, plan)
        grad_norm = _grad_norm_fn(keras, model, loss_fn)
        optimizer = _optimizer(keras, plan)
        model.compile(optimizer=optimizer, loss=loss_fn,
                      metrics=[config.reported_metric] if config.reported_metric else None)
        train_step = _train_step_fn(keras, model, loss_fn, optimizer)

    def step_fn(rows: Any) -> float:
        return train_step(x_train[rows], y_train[rows])

    return run_steps(run, plan, started, setup, step_fn, record, progress)



def _optimizer(keras: Any, plan: RunPlan) -> Any:
    if plan.optimizer == "sgd":
        return keras.optimizers.SGD(learning_rate=plan.learning_rate, momentum=plan.momentum)
    if plan.optimizer == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate=plan.learning_rate, momentum=plan.momentum)
    return keras.optimizers.Adam(learning_rate=plan.learning_rate)


def _train_step_fn(keras: Any, model: Any, loss_fn: Any, optimizer: Any) -> Any:
    """(x, y) -> the batch's loss, after one optimizer step: what Keras' own train_step does on the
    backend (forward with training=True, the compiled loss, the backend's autodiff, optimizer.apply),
    without train_on_batch's per-call overhead (data adapter, metric resets: 2/3 of a reference step).
    Other backends (JAX) use train_on_batch itself."""
    import numpy as np

    backend = keras.backend.backend()
    variables = model.trainable_variables
    if backend == "tensorflow":
        import tensorflow as tf

        optimizer.build(variables)

        @tf.function(reduce_retracing=True)
        def step(x: Any, y: Any) -> Any:
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            optimizer.apply(tape.gradient(loss, variables), variables)
            return loss

        return lambda x, y: float(step(x, y))
    if backend == "torch":
        import torch

        optimizer.build(variables)

        def torch_step(x: Any, y: Any) -> float:
            model.zero_grad()
            loss = loss_fn(torch.as_tensor(y), model(torch.as_tensor(x), training=True))
            loss.backward()
            with torch.no_grad():
                optimizer.apply([v.value.grad for v in variables], variables)
            return float(loss.detach())

        return torch_step
    return lambda x, y: float(np.asarray(model.train_on_batch(x, y)).reshape(-1)[0])


def _grad_norm_fn(keras: Any, model: Any, loss_fn: Any) -> Any:
    """(x, y) -> |d loss / d output kernel|, with the backend's own autodiff and the loss as Keras computes
    it in training (logit recovery included); None where it cannot be measured (or on JAX)."""
    kernel = model.layers[-1].kernel
    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        @tf.function(reduce_retracing=True)
        def norm(x: Any, y: Any) -> Any:
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            return tf.norm(tape.gradient(loss, kernel))

    elif backend == "torch":
        import torch

        def norm(x: Any, y: Any) -> Any:
            loss = loss_fn(torch.as_tensor(y), model(torch.as_tensor(x), training=True))
            (grad,) = torch.autograd.grad(loss, [kernel.value])
            return grad.norm()
    else:
        norm = None

    def measure(x: Any, y: Any) -> Optional[float]:
        if x is None or norm is None:
            return None
        try:
            return float(norm(x, y))
        except Exception:  # the as-written loss may refuse these outputs: training reports that
            return None

    return measure
