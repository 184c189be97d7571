"""What a backend receives (`RunPlan`) and returns (`RawRun`): arrays in, losses and outputs out.

Backends build the model, the loss and the training loop; they never compute metrics (that is done
the same way for every backend in `metrics`) and never decide what to run (that is `experiment`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from lossguard.probe.spec import RunConfig

ProgressFn = Callable[[int], None]


@dataclass
class RunPlan:
    config: RunConfig
    layers: list[int]  # input size, hidden sizes..., output units
    weights: list[tuple[Any, Any]]  # (kernel (in, out), bias) per layer: the shared initial weights
    x_train: Any
    y_train: Any
    x_test: Any
    batches: Any  # (steps, batch_size) indices into the training set
    eval_steps: list[int]  # steps after which the test outputs are recorded (0 = before training)
    learning_rate: float
    seed: int
    eval_one_at_a_time: bool = False  # feed the test set one sample at a time (also record it as one batch)
    y_test: Any = None  # targets of the test set, for a metric the framework computes itself
    optimizer: str = "adam"  # sgd | adam | rmsprop (spec.Training)
    momentum: float = 0.0
    # what is kept of the test outputs at each evaluation (the metrics: a 1000-class head's raw outputs
    # at 50 evaluations would be 400 MB); the identity by default
    observe: Optional[Callable[[Any, int], Any]] = None  # (outputs, step) -> what to keep
    # rows of the training set on which the gradient of the loss w.r.t. the output layer's kernel is
    # measured at each evaluation (the first batch: at step 0 both runs have the same weights)
    grad_rows: Any = None
    grad_steps: frozenset = frozenset({0})  # the eval steps at which it is measured (None recorded at the others)

    def keep(self, outputs: Any, step: int) -> Any:
        return self.observe(outputs, step) if self.observe is not None else outputs

    @property
    def steps(self) -> int:
        return int(len(self.batches))


@dataclass
class RawRun:
    losses: list[float] = field(default_factory=list)  # the training loss of each step, 1..n
    eval_steps: list[int] = field(default_factory=list)
    outputs: list[Any] = field(default_factory=list)  # test-set outputs at each eval step
    outputs_batched: list[Any] = field(default_factory=list)  # with eval_one_at_a_time: the test set as one batch
    reported: list[float] = field(default_factory=list)  # config.reported_metric on the test set, as the framework computes it
    grad_norms: list[Optional[float]] = field(default_factory=list)  # |d loss / d output kernel| at each eval step
    error: Optional[str] = None  # "ErrorType: first line of the framework's message"
    error_step: Optional[int] = None
    warnings: list[str] = field(default_factory=list)  # what the framework warned about, first lines
    seconds: float = 0.0


def error_text(err: BaseException) -> str:
    """The framework's own message, first meaningful line (TensorFlow wraps it in a graph trace, or in
    a tf.function's "in user code:" traceback that ends with the original `Error: message` line)."""
    import re

    text = str(err)
    if text.startswith("in user code:"):
        inner = [m for m in (re.match(r"^\s*([A-Za-z_][\w.]*(?:Error|Exception)): (.*)$", line)
                             for line in text.splitlines()) if m]
        if inner:
            name, message = inner[-1].group(1).split(".")[-1], inner[-1].group(2).strip()
            return f"{name}: {message[:237] + '...' if len(message) > 240 else message}"
    lines = [line.strip() for line in text.splitlines()]
    skip = ("Graph execution error", "Detected at node", "File ", "Exception encountered when calling",
            "[[", "Call arguments received", "•", "defined at (most recent call last)")
    kept = [line for line in lines if line and not line.startswith(skip)]
    message = kept[0] if kept else (lines[0] if lines else "")
    for cut in ("  Label values:", " [Op:", "\t"):
        if cut in message:
            message = message.split(cut)[0]
    message = message.strip()
    if len(message) > 240:
        message = message[:237] + "..."
    return f"{type(err).__name__}: {message}" if message else type(err).__name__


def is_diagnostic(category: type) -> bool:
    """Warnings about the model or the loss (UserWarning...), not library deprecations."""
    return not issubclass(category, (DeprecationWarning, PendingDeprecationWarning, FutureWarning))


def warning_text(message: Any) -> str:
    text = str(message).strip().strip('"').splitlines()[0] if str(message).strip() else ""
    return text if len(text) <= 240 else text[:237] + "..."


def diagnostics(caught: Any) -> list[str]:
    """The distinct framework warnings of a run (model/loss warnings, not deprecations), in order."""
    seen: list[str] = []
    for w in caught:
        if not is_diagnostic(w.category):
            continue
        text = warning_text(w.message)
        if text and text not in seen:
            seen.append(text)
    return seen


def run_steps(run: "RawRun", plan: "RunPlan", started: float, setup: Callable[[], None],
              step_fn: Callable[[Any], float], record: Callable[[int], None],
              progress: Optional["ProgressFn"] = None) -> "RawRun":
    """The training loop both backends share: set up, evaluate at the planned steps, report
    progress, and keep a failure of the as-written configuration (the demonstration) with its step."""
    import time
    import warnings

    evals = set(plan.eval_steps)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        step = 0
        try:
            setup()
            if 0 in evals:
                record(0)
            for step, rows in enumerate(plan.batches, start=1):
                run.losses.append(step_fn(rows))
                if step in evals:
                    record(step)
                if progress is not None:
                    progress(step)
        except Exception as err:  # the as-written configuration may fail: that is the demonstration
            run.error, run.error_step = error_text(err), step
    run.warnings = diagnostics(caught)
    run.seconds = time.perf_counter() - started
    return run
