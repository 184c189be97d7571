"""The same experiment on Keras' torch backend, in a fresh interpreter, when TensorFlow hides a mistake.

Keras 3 on TensorFlow computes its cross-entropies from the logits it caches on a softmax/sigmoid
output, whatever `from_logits` says (`keras_backend.recovers_logits`): a softmax fed to a
`from_logits=True` loss, or a sigmoid fed to categorical cross-entropy, trains exactly as if fixed.
The same code on the torch (or JAX) backend computes the loss on the output as written. Keras reads
`KERAS_BACKEND` once, at import, so the torch-backend runs happen in a child process
(`python -m lossguard.probe.crossrun`, KERAS_BACKEND=torch) that receives the job as JSON on stdin and
prints the measured experiment as JSON; the parent shows both. When the fix is one TensorFlow is
known to make no difference to (`predictably_hidden`), the child starts before the TensorFlow runs
and trains alongside them (the probe's machine has two cores); otherwise it starts only once the
TensorFlow result shows the mistake hidden.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from typing import Any, Callable, Optional

OTHER_ENGINE = "torch"
MARK = "lossguard-crossrun:"
TIMEOUT = 600


def hidden_by_tensorflow(job: Any, experiment: Any) -> Optional[str]:
    """Why the TensorFlow run may hide the mistake (None when it does not): a softmax/sigmoid output
    into a Keras cross-entropy where the fix did not train to a measurably better result (final metric
    or steps to the target) on TensorFlow; what the returned probabilities are worth may still differ."""
    if job.backend != "keras" or experiment.written.failed or experiment.fixed.failed:
        return None
    from lossguard.probe.keras_backend import engine, recovers_logits

    trained_better = experiment.metric_outcome > 0 or any(
        m.outcome > 0 for m in experiment.measures if m.name.startswith("steps to"))
    if trained_better or experiment.kind != "training":
        return None

    if engine() != "tensorflow" or not recovers_logits(job.written):
        return None
    what = "softmax" if job.written.activation == "softmax" else "sigmoid"
    return f"its cross-entropy uses the logits it cached before the {what}, whatever from_logits says"


def predictably_hidden(job: Any) -> bool:
    """Will TensorFlow train both runs identically? When the fix only flips `from_logits`, or turns a
    sigmoid into a softmax under a categorical cross-entropy, of a head whose logits Keras recovers:
    then the torch-backend run is started before the TensorFlow runs, in parallel (two cores)."""
    if job.backend != "keras" or not job.cross_backend:
        return False
    from lossguard.probe.keras_backend import engine, recovers_logits

    written, fixed = job.written, job.fixed
    if engine() != "tensorflow" or not recovers_logits(written):
        return False
    only_logits = fixed == written.with_(from_logits=fixed.from_logits)
    to_softmax = (written.activation == "sigmoid" and written.loss in ("cce", "sparse_cce")
                  and fixed == written.with_(activation="softmax"))
    return only_logits or to_softmax


class OtherBackend:
    """The torch-backend run of one job: started early when predictably needed, else only when the
    TensorFlow result shows the mistake hidden; cancelled (the child killed) when it is not needed."""

    def __init__(self, job: Any):
        self.job = job
        self.proc: Optional[subprocess.Popen] = None
        self.files: tuple[Any, Any] = (None, None)
        self.started = 0.0

    def start(self) -> "OtherBackend":
        if self.proc is None and predictably_hidden(self.job) and importlib.util.find_spec(OTHER_ENGINE):
            self._spawn()
        return self

    def _spawn(self) -> None:
        import tempfile

        out, err = tempfile.TemporaryFile(mode="w+"), tempfile.TemporaryFile(mode="w+")
        self.files = (out, err)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-m", "lossguard.probe.crossrun"], stdin=subprocess.PIPE,
                                     stdout=out, stderr=err, text=True,
                                     env=dict(os.environ, KERAS_BACKEND=OTHER_ENGINE))
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(job_json(self.job)))
        self.proc.stdin.close()

    def cancel(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._close()

    def _close(self) -> None:
        for handle in self.files:
            if handle is not None:
                handle.close()
        self.files = (None, None)

    def result(self) -> tuple[Optional[Any], str]:
        """Wait for the child: (Experiment, "") or (None, why)."""
        if self.proc is None:
            self._spawn()
        assert self.proc is not None
        try:
            code = self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.cancel()
            return None, f"no result within {TIMEOUT} s"
        out, err = self.files
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
        self._close()
        line = next((x for x in reversed(stdout.splitlines()) if x.startswith(MARK)), None)
        if code != 0 or line is None:
            return None, (stderr.strip().splitlines() or [f"exit status {code}"])[-1]
        other = experiment_from_json(json.loads(line[len(MARK):]))
        other.note = f"child process {time.perf_counter() - self.started:.1f} s"
        return other, ""

    def finish(self, experiment: Any, progress: Optional[Callable[[str, int, int], Any]] = None) -> None:
        """Show the torch-backend run beside the TensorFlow one when TensorFlow hid the mistake."""
        why = hidden_by_tensorflow(self.job, experiment)
        if why is None:
            self.cancel()
            return
        if importlib.util.find_spec(OTHER_ENGINE) is None:
            experiment.note = (f"Keras' {OTHER_ENGINE} backend would compute it as written, but {OTHER_ENGINE} "
                               f"is not installed")
            return
        label = f"on Keras' {OTHER_ENGINE} backend"
        if progress:
            progress(label, 0, self.job.steps)
        other, error = self.result()
        if progress:
            progress(label, -1, self.job.steps)
        if other is None:
            experiment.note = f"the run on Keras' {OTHER_ENGINE} backend failed: {error}"
            return
        from lossguard.probe.verdict import combine

        experiment.also.append(other)
        experiment.note = (f"on TensorFlow Keras silently repairs the training ({why}): also run on Keras' "
                           f"{OTHER_ENGINE} backend")
        combine(experiment, other, why)


def add_other_backend(job: Any, experiment: Any, progress: Optional[Callable[[str, int, int], Any]] = None) -> None:
    """After the fact (no parallel start): run the torch-backend experiment if TensorFlow hid the mistake."""
    OtherBackend(job).finish(experiment, progress)


def job_json(job: Any) -> dict:
    return {"rule": job.scenario.rule, "backend": job.backend, "written": job.written.to_json(),
            "fixed": job.fixed.to_json(),
            "changes": [[rule, a.to_json(), b.to_json()] for rule, a, b in job.changes],
            "steps": job.steps, "seed": job.seed, "training": job.training.to_json(), "mirrored": list(job.mirrored)}


def job_from_json(data: dict) -> Any:
    from lossguard.probe import scenarios
    from lossguard.probe.experiment import Job
    from lossguard.probe.spec import Training, config_from_json

    return Job(scenarios.SCENARIOS[data["rule"]], data["backend"], config_from_json(data["written"]),
               config_from_json(data["fixed"]),
               [(rule, config_from_json(a), config_from_json(b)) for rule, a, b in data["changes"]],
               data["steps"], data["seed"], training=Training.from_json(data["training"]),
               mirrored=tuple(data["mirrored"]), cross_backend=False)


def _number(value: Any) -> Any:
    """Undo report._clean: JSON holds nan/inf as strings."""
    if isinstance(value, str) and value in ("nan", "inf", "-inf"):
        return float(value)
    if isinstance(value, list):
        return [_number(v) for v in value]
    if isinstance(value, dict):
        return {k: _number(v) for k, v in value.items()}
    return value


def _run_from_json(label: str, data: dict) -> Any:
    from lossguard.probe.experiment import RunResult
    from lossguard.probe.plan import RawRun
    from lossguard.probe.spec import config_from_json

    raw = RawRun(losses=_number(data["losses"]), eval_steps=list(data["eval_steps"]), error=data["error"],
                 error_step=data["error_step"], warnings=list(data["warnings"]), seconds=float(data["seconds"]),
                 grad_norms=_number(data.get("grad_norms", [])))
    model = data["model"]
    return RunResult(label=label, config=config_from_json(data["config"]), head=model["head"], loss=model["loss"],
                     targets=model["targets"], inputs=model["inputs"], raw=raw, metrics=_number(data["metrics"]),
                     at_end=_number(data.get("at_end", {})))


def experiment_from_json(data: dict) -> Any:
    """An Experiment from report.experiment_json (without findings), re-judged from its numbers."""
    from lossguard.probe.experiment import Experiment, FloorCheck
    from lossguard.probe.metrics import Metric
    from lossguard.probe.spec import Training
    from lossguard.probe.verdict import judge

    metric = data["metric"]
    floor = data.get("floor")
    experiment = Experiment(
        rule=data["rule"], shows=data["probe"], backend=data["backend"], backend_version=data["backend_version"],
        task=data["task"], data=data["data"], model=data["model"], steps=data["steps"],
        batch_size=data["batch_size"], learning_rate=data["learning_rate"], seed=data["seed"],
        metric=Metric(metric["name"], metric["higher_is_better"], metric["baseline_name"], metric.get("format", "{:.3f}")),
        chance=_number(data["baseline"]), written=_run_from_json("as written", data["as_written"]),
        fixed=_run_from_json("fixed", data["fixed"]),
        changes=[(c["rule"], list(c["changes"])) for c in data["changes"]],
        training=Training.from_json(data["training"]), mirrored=list(data.get("mirrored", [])),
        assumed=list(data.get("assumed", [])),
        floor=FloorCheck(floor["kind"], floor["value"], floor["formula"], _number(floor["per_step"]), floor["holds"])
        if floor else None)
    judge(experiment)
    return experiment


def main() -> int:
    from lossguard.probe.experiment import run_job
    from lossguard.probe.report import experiment_json

    job = job_from_json(json.loads(sys.stdin.read()))
    experiment = run_job(job)
    text = json.dumps(experiment_json(experiment), allow_nan=False)
    sys.stdout.write(MARK + text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
