"""From a finding to a measured experiment: mirror the facts, fix, train both runs, measure, judge."""

from __future__ import annotations

import dataclasses
import importlib
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional, Sequence

from lossguard.probe import scenarios as catalogue
from lossguard.probe.metrics import ECE, NLL, Metric, baseline, measure, task_metric
from lossguard.probe.plan import RawRun, RunPlan
from lossguard.probe.spec import RunConfig, Training, class_notes, mirror_training

BACKENDS = ("torch", "keras")
BACKEND_MODULES = {"torch": "lossguard.probe.torch_backend", "keras": "lossguard.probe.keras_backend"}
INSTALL_HINT = "pip install 'lossguard[probe]'"
EVAL_POINTS = 50  # test-set evaluations per run (plus the untrained model at step 0)
AT_END = frozenset({NLL.name, ECE.name})
GRADIENT_EVERY = 5  # the output layer's gradient is measured at every 5th evaluation (step 0 included)


class ProbeUnavailable(RuntimeError):
    """A framework or the bundled data the probe needs is not installed: a one-line message."""


def backend_module(name: str) -> Any:
    return importlib.import_module(BACKEND_MODULES[name])


def framework_backend(framework: Optional[str]) -> str:
    return "torch" if framework == "torch" else "keras"


@dataclass
class RunResult:
    """One run, measured."""

    label: str  # "as written" | "fixed"
    config: RunConfig
    head: str
    loss: str
    targets: str
    inputs: str
    raw: RawRun
    metrics: dict[str, list[float]] = field(default_factory=dict)  # metric -> value at each eval step
    at_end: dict[str, float] = field(default_factory=dict)  # metrics measured on the final model only (NLL, ECE)

    @property
    def failed(self) -> bool:
        return self.raw.error is not None

    @property
    def eval_steps(self) -> list[int]:
        return self.raw.eval_steps

    def final(self, metric: str) -> Optional[float]:
        if self.failed:
            return None
        if metric in self.at_end:
            return self.at_end[metric]
        if not self.metrics.get(metric):
            return None
        return self.metrics[metric][-1]

    def final_loss(self) -> Optional[float]:
        """The training loss at the end: the mean of the last 10 steps' losses."""
        import math

        if self.failed or not self.raw.losses:
            return None
        tail = self.raw.losses[-10:]
        return float(sum(tail) / len(tail)) if all(math.isfinite(v) for v in tail) else tail[-1]

    def first_nonfinite_step(self) -> Optional[int]:
        import math

        return next((i + 1 for i, v in enumerate(self.raw.losses) if not math.isfinite(v)), None)

    def describe(self) -> str:
        metric = f"; metrics=[{self.config.reported_metric!r}]" if self.config.reported_metric else ""
        return f"{self.head} + {self.loss}; {self.targets}; {self.inputs}{metric}"


@dataclass
class FindingRef:
    rule: str
    name: str
    path: str
    line: int
    column: int
    message: str
    cell: Optional[int] = None  # notebooks: positions are relative to this cell

    @staticmethod
    def of(finding: Any) -> "FindingRef":
        return FindingRef(finding.rule, finding.name, finding.path, finding.line, finding.column, finding.message,
                          getattr(finding, "cell", None))

    def location(self) -> str:
        if self.cell is not None:  # as the text reporter writes it
            return f"{self.path}:cell {self.cell}:{self.line}:{self.column}"
        return f"{self.path}:{self.line}:{self.column}"


@dataclass
class FloorCheck:
    """The loss floor of the as-written setup (bounds.py) and whether the framework's loss respected it."""

    kind: str
    value: float  # mean over the training set
    formula: str
    per_step: list[float]  # the floor of each step's batch
    holds: bool  # the as-written loss never went below it: the framework applied the activation twice


@dataclass
class Experiment:
    rule: str
    shows: str
    backend: str
    backend_version: str
    task: str
    data: str
    model: str
    steps: int
    batch_size: int
    learning_rate: float
    seed: int
    metric: Metric
    chance: dict[str, float]
    written: RunResult
    fixed: RunResult
    changes: list[tuple[str, list[str]]]  # (rule, what changed) in order
    findings: list[FindingRef] = field(default_factory=list)
    reach_step: Optional[int] = None
    verdict: str = ""
    improved: Optional[bool] = None  # did the fix measurably help? (None: could not compare)
    kind: str = "training"  # "reported metric": both runs train the same model, only the reported metric differs
    training: Training = field(default_factory=Training)
    mirrored: list[str] = field(default_factory=list)  # what of the code the experiment mirrors, in words
    assumed: list[str] = field(default_factory=list)  # what the probe chose where the code says nothing
    floor: Optional[FloorCheck] = None
    measures: list[Any] = field(default_factory=list)  # verdict.Measure: every comparison, differing or not
    differs: Optional[bool] = None  # did any measure differ (outcome or training signal)?
    metric_outcome: int = 0  # the final task metric: +1 fixed measurably better, -1 worse, 0 no difference
    target: Optional[float] = None  # the metric value of "steps to reach" (verdict.target_value)
    also: list["Experiment"] = field(default_factory=list)  # the same job on another Keras backend (crossrun)
    note: str = ""  # why an extra backend was run, or why it could not be


@dataclass
class Skipped:
    finding: FindingRef
    reason: str


@dataclass
class ProbeReport:
    experiments: list[Experiment] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    seed: int = 0
    import_seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class Job:
    """A planned experiment (before training): everything needed to run it and to dedupe."""

    scenario: catalogue.Scenario
    backend: str
    written: RunConfig
    fixed: RunConfig
    changes: list[tuple[str, RunConfig, RunConfig]]
    steps: int
    seed: int
    findings: list[FindingRef] = field(default_factory=list)
    training: Training = field(default_factory=Training)
    mirrored: tuple[str, ...] = ()
    cross_backend: bool = True  # may run Keras' torch backend too when TensorFlow hides the mistake

    def key(self) -> tuple:
        return (self.backend, self.written, self.fixed, self.training, self.seed)


def plan_job(rule: str, facts: Optional[Mapping[str, Any]], backend: str = "auto", steps: Optional[int] = None,
             seed: int = 0, single_fix: bool = False, classes: Optional[int] = None) -> Job | str:
    """The experiment for one finding, or the reason there is none."""
    scenario = catalogue.scenario_for(rule)
    if scenario is None:
        return f"no probe scenario for {rule}"
    written = catalogue.as_written(scenario, facts, classes)
    if not scenario.broken(written):
        return f"the probe's mirror of these facts does not show the {rule} mistake"
    fixed, changes = catalogue.fixed(scenario, written, single=single_fix)
    if backend == "auto":
        name = framework_backend((facts or {}).get("framework"))
        if name not in scenario.backends:
            name = scenario.backends[0]
    else:
        name = backend
    if name not in scenario.backends:
        module = backend_module(name)
        reason = module.unsupported(written) or module.unsupported(fixed)
        frameworks = " and ".join("Keras" if b == "keras" else "PyTorch" for b in scenario.backends)
        return f"{rule} is a {frameworks} mistake" + (f" ({reason})" if reason else "") + f": use --backend {scenario.backends[0]}"
    module = backend_module(name)
    for config in (written, fixed):
        reason = module.unsupported(config)
        if reason:
            return f"{rule} cannot be mirrored with {name}: {reason}"
    from lossguard.probe.data import train_size

    reference = catalogue.reference(written)
    training = mirror_training(facts, reference, catalogue.reference_learning_rates(written), train_size(written),
                               steps)
    return Job(scenario, name, written, fixed, changes, training.steps, seed, training=training,
               mirrored=tuple(class_notes(facts, written, classes)) + training.mirrored)


def _targets_text(config: RunConfig) -> str:
    scale = "0..255" if config.target_scale > 1 else "0..1"
    if config.labels == "pixels":
        return f"targets = inputs ({scale} pixels)"
    if config.labels == "integer":
        return "integer class ids" if config.task != "binary" else "integer labels 0/1"
    if config.labels == "one_hot":
        return f"one-hot labels ({config.n_classes} columns)"
    if config.labels == "binary":
        return "labels 0/255" if config.target_scale > 1 else "labels 0/1"
    if config.labels == "multi_hot":
        return f"multi-hot labels ({config.units} columns" + (", 0/255)" if config.target_scale > 1 else ")")
    if config.target_range is not None:
        low, high = config.target_range
        return f"targets {low:g}..{high:g}"
    return "targets 25..346 (unscaled)"


def _inputs_text(config: RunConfig) -> str:
    if config.task == "regression":
        return "standardised inputs"
    return "inputs 0..255" if config.raw_inputs else "inputs 0..1"


def describe_parts(config: RunConfig, module: Any, fan_in: int) -> dict[str, str]:
    return {"head": module.head_text(config, fan_in), "loss": module.loss_text(config),
            "targets": _targets_text(config), "inputs": _inputs_text(config)}


def _metric_text(config: RunConfig) -> str:
    return f"metrics=[{config.reported_metric!r}]" if config.reported_metric else "no metrics"


def change_texts(before: RunConfig, after: RunConfig, module: Any, fan_in: int) -> list[str]:
    a, b = describe_parts(before, module, fan_in), describe_parts(after, module, fan_in)
    a["metrics"], b["metrics"] = _metric_text(before), _metric_text(after)
    return [f"{a[k]} -> {b[k]}" for k in ("head", "loss", "targets", "inputs", "metrics") if a[k] != b[k]]


def run_job(job: Job, progress: Optional[Callable[[str, int, int], Any]] = None,
            import_seconds: Optional[dict[str, float]] = None) -> Experiment:
    from lossguard.probe import data as datasets
    from lossguard.probe.bounds import loss_floor
    from lossguard.probe.verdict import judge

    module = backend_module(job.backend)
    started = time.perf_counter()
    version = module.version()  # imports the framework
    if import_seconds is not None and job.backend not in import_seconds:
        import_seconds[job.backend] = time.perf_counter() - started
    training = job.training
    steps = training.steps
    every = max(1, steps // EVAL_POINTS)
    eval_steps = sorted(set(range(0, steps + 1, every)) | {steps})
    grad_steps = frozenset(eval_steps[::GRADIENT_EVERY] + [steps])  # the gradient costs a backward pass
    results: dict[str, RunResult] = {}
    chance: dict[str, float] = {}
    data_description = ""
    fan_in = 0
    floor: Optional[FloorCheck] = None
    one_at_a_time = "batch" in (job.written.act_axis, job.fixed.act_axis)
    metric = task_metric(job.written.task)
    if one_at_a_time:  # a softmax over the batch axis depends on the batch: predict as a deployed model does
        metric = dataclasses.replace(metric, name=f"{metric.name} (one sample at a time)")
    base = task_metric(job.written.task).name
    layers: list[int] = []
    for label, config in (("as written", job.written), ("fixed", job.fixed)):
        arrays = datasets.task_data(config)
        data_description = data_description or arrays.description
        layers = [int(arrays.x_train.shape[1]), *training.hidden, config.units]
        fan_in = layers[-2]
        batches = datasets.batch_schedule(len(arrays.x_train), training.batch_size, steps, job.seed)
        plan = RunPlan(config=config, layers=layers, weights=datasets.initial_weights(layers, job.seed),
                       x_train=arrays.x_train, y_train=arrays.y_train, x_test=arrays.x_test,
                       batches=batches, eval_steps=eval_steps, learning_rate=training.learning_rate, seed=job.seed,
                       eval_one_at_a_time=one_at_a_time, y_test=arrays.y_test, optimizer=training.optimizer,
                       momentum=training.momentum, grad_rows=batches[0], grad_steps=grad_steps,
                       observe=lambda out, step, _c=config, _t=arrays.truth_test: measure(_c, out, _t, step == steps))
        callback = (lambda step, _label=label: progress(_label, step, steps)) if progress else None
        raw = module.train(plan, callback)
        parts = describe_parts(config, module, fan_in)
        result = RunResult(label=label, config=config, raw=raw, **parts)
        for measured in raw.outputs:
            for name, value in measured.items():
                if name in AT_END:  # measured once, on the final model
                    result.at_end[name] = value
                else:
                    result.metrics.setdefault(metric.name if name == base else name, []).append(value)
        if raw.reported:
            result.metrics[reported_name(config, job.backend)] = list(raw.reported)
        for measured in raw.outputs_batched:
            for name, value in measured.items():
                if name not in AT_END:
                    result.metrics.setdefault(f"{name} (test set as one batch)", []).append(value)
        raw.outputs, raw.outputs_batched = [], []  # the metrics are kept; the outputs are not needed any more
        if not chance:
            chance = {metric.name if k == base else k: v
                      for k, v in baseline(config, arrays.truth_train, arrays.truth_test).items()}
        if label == "as written":
            found = loss_floor(config, arrays.y_train)
            if found is not None:
                per_step = [found.of_batch(rows) for rows in batches]
                holds = all(loss >= bound - 1e-4 for loss, bound in zip(raw.losses, per_step)
                            if isinstance(loss, float) and loss == loss)
                floor = FloorCheck(found.kind, found.value, found.formula, per_step, holds)
        results[label] = result
        if progress:
            progress(label, -1, steps)  # done
    hidden = "-".join(str(h) for h in training.hidden)
    model = f"MLP {layers[0]}-{hidden}-{job.written.units}, relu hidden layer"
    experiment = Experiment(
        rule=job.scenario.rule, shows=job.scenario.shows, backend=job.backend, backend_version=version,
        task=job.written.task, data=data_description, model=model, steps=steps, batch_size=training.batch_size,
        learning_rate=training.learning_rate, seed=job.seed, metric=metric, chance=chance,
        written=results["as written"], fixed=results["fixed"],
        changes=[(rule, change_texts(before, after, module, fan_in)) for rule, before, after in job.changes],
        findings=list(job.findings), training=training, mirrored=list(job.mirrored),
        assumed=list(training.assumed), floor=floor)
    judge(experiment)
    return experiment


def reported_name(config: RunConfig, backend: str) -> str:
    return f"{config.reported_metric} as {'Keras' if backend == 'keras' else backend} reports it"


def plan_findings(findings: Sequence[Any], backend: str = "auto", steps: Optional[int] = None, seed: int = 0,
                  rules: Sequence[str] = (), single_fix: bool = False, classes: Optional[int] = None
                  ) -> tuple[list[Job], list[Skipped]]:
    """Jobs for the findings that have a scenario (identical experiments are shared), and the rest."""
    jobs: dict[tuple, Job] = {}
    skipped: list[Skipped] = []
    wanted = tuple(r.upper() for r in rules)
    for finding in findings:
        if wanted and not finding.rule.upper().startswith(wanted):
            continue
        ref = FindingRef.of(finding)
        planned = plan_job(finding.rule, finding.facts, backend, steps, seed, single_fix, classes)
        if isinstance(planned, str):
            skipped.append(Skipped(ref, planned))
            continue
        key = planned.key()
        if key in jobs:
            jobs[key].findings.append(ref)
        else:
            planned.findings.append(ref)
            jobs[key] = planned
    return list(jobs.values()), skipped


def check_available(jobs: Sequence[Job]) -> None:
    """Raise ProbeUnavailable (one line) when a needed framework or the bundled data is missing."""
    import importlib.util

    missing = [name for name in ("numpy", "sklearn") if importlib.util.find_spec(name) is None]
    if missing:
        raise ProbeUnavailable(f"the probe needs {' and '.join(missing)}: {INSTALL_HINT}")
    for name in sorted({job.backend for job in jobs}):
        reason = backend_module(name).available()
        if reason:
            rules = ", ".join(sorted({job.scenario.rule for job in jobs if job.backend == name}))
            other = "keras" if name == "torch" else "torch"
            raise ProbeUnavailable(f"{reason}, which the probe of {rules} needs: {INSTALL_HINT} "
                                   f"(or try --backend {other})")


def probe(findings: Sequence[Any], backend: str = "auto", steps: Optional[int] = None, seed: int = 0,
          rules: Sequence[str] = (), single_fix: bool = False,
          progress: Optional[Any] = None, classes: Optional[int] = None,
          companion: Optional[Callable[[Job], Any]] = None) -> ProbeReport:
    """Probe every finding that has a scenario. `progress` is a progress.Progress (or None).
    `companion(job)` (crossrun.OtherBackend) is started before each job's runs and finished after them
    with (experiment, progress callback): the same experiment on another Keras backend, if needed."""
    jobs, skipped = plan_findings(findings, backend, steps, seed, rules, single_fix, classes)
    check_available(jobs)
    report = ProbeReport(skipped=skipped, seed=seed)
    for index, job in enumerate(jobs, start=1):
        callback = None
        if progress is not None:
            callback = progress.for_job(index, len(jobs), job)
        try:
            extra = companion(job).start() if companion is not None and job.cross_backend else None
            try:
                experiment = run_job(job, callback, report.import_seconds)
            except BaseException:
                if extra is not None:
                    extra.cancel()
                raise
            if extra is not None:
                extra.finish(experiment, callback)
        except ImportError as err:
            raise ProbeUnavailable(f"{err}: {INSTALL_HINT}") from err
        report.experiments.append(experiment)
    return report
