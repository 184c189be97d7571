"""The one-line verdict, computed from the measured numbers only (nothing here knows a rule)."""

from __future__ import annotations

import math
from typing import Any, Optional

# Differences smaller than these are "no measurable difference" (absolute for scores, relative for errors).
SCORE_TOLERANCE = 0.02
ERROR_TOLERANCE = 0.10


def _fmt(metric: Any, value: Optional[float]) -> str:
    return "n/a" if value is None else metric.format(value)


def _finite(value: Optional[float]) -> bool:
    return value is not None and math.isfinite(value)


def compare(metric: Any, written: float, fixed: float) -> int:
    """+1 fixed measurably better, -1 measurably worse, 0 no measurable difference."""
    if not _finite(written) and _finite(fixed):
        return 1
    if not _finite(fixed):
        return -1 if _finite(written) else 0
    if metric.higher_is_better:
        delta = fixed - written
        return 1 if delta > SCORE_TOLERANCE else (-1 if delta < -SCORE_TOLERANCE else 0)
    scale = max(abs(written), abs(fixed), 1e-12)
    delta = (written - fixed) / scale
    return 1 if delta > ERROR_TOLERANCE else (-1 if delta < -ERROR_TOLERANCE else 0)


def reach_step(metric: Any, target: Optional[float], steps: list[int], values: list[float]) -> Optional[int]:
    """First evaluated step at which `values` is at least as good as `target`."""
    if not _finite(target):
        return None
    for step, value in zip(steps, values):
        if _finite(value) and metric.better(value, target):
            return step
    return None


def same_curve(a: list[float], b: list[float]) -> bool:
    """Equal at every point (to float32 round-off)."""
    if not a or len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if not (_finite(x) and _finite(y)):
            if str(x) != str(y):
                return False
        elif abs(x - y) > 1e-6 * max(1.0, abs(x), abs(y)):
            return False
    return True


def _reported(run: Any) -> tuple[str, list[float]]:
    key = next((k for k in run.metrics if k.startswith(f"{run.config.reported_metric} as ")), "")
    return key, [v for v in run.metrics.get(key, []) if _finite(v)]


def _judge_reported_metric(experiment: Any) -> None:
    """Both runs train the same model; only the metric the framework reports differs."""
    m = experiment.metric
    written, fixed = experiment.written, experiment.fixed
    task_values = [v for v in written.metrics.get(m.name, []) if _finite(v)]
    w_key, w_values = _reported(written)
    f_key, f_values = _reported(fixed)
    if not task_values or not w_values or not f_values:
        experiment.improved = None
        experiment.verdict = "could not measure the reported metrics"
        return
    model_moved = compare(m, task_values[0], task_values[-1]) != 0
    w_moved = (max(w_values) - min(w_values)) > 0.01 * max(1.0, abs(max(w_values)))
    f_moved = (max(f_values) - min(f_values)) > 0.01 * max(1.0, abs(max(f_values)))
    same = "the same loss at every step" if same_curve(written.raw.losses, fixed.raw.losses) else "different losses"
    parts = [f"both runs train the same model ({same}); the test {m.name} went from {_fmt(m, task_values[0])} "
             f"to {_fmt(m, task_values[-1])}"]
    w_name, f_name = written.config.reported_metric, fixed.config.reported_metric
    who = "Keras" if experiment.backend == "keras" else experiment.backend
    if w_moved:
        parts.append(f"as written {who}'s reported {w_name!r} moved too ({w_values[0]:.3g} to {w_values[-1]:.3g})")
    else:
        parts.append(f"as written {who}'s reported {w_name!r} stayed at {w_values[-1]:.3g} throughout: it says "
                     f"nothing about the model")
    parts.append(f"fixed, {who} reports {f_name!r} going from {f_values[0]:.3g} to {f_values[-1]:.3g}")
    experiment.kind = "reported metric"
    experiment.improved = bool(model_moved and not w_moved and f_moved)
    experiment.verdict = "; ".join(parts)


def judge(experiment: Any) -> None:
    """Fill `reach_step`, `improved` and `verdict` of an experiment from its numbers."""
    m = experiment.metric
    name = m.name
    written, fixed = experiment.written, experiment.fixed
    chance = experiment.chance.get(name)
    chance_text = f"{m.baseline_name} {_fmt(m, chance)}" if chance is not None else ""
    notes: list[str] = []
    w_nan = written.first_nonfinite_step()
    if w_nan and not written.failed:
        notes.append(f"as written the loss became {written.raw.losses[w_nan - 1]} at step {w_nan}")
    if not written.failed and written.raw.losses and all(v == 0.0 for v in written.raw.losses):
        notes.append("as written the loss is 0 at every step, so there is no gradient to learn from")

    if written.failed and fixed.failed:
        experiment.improved = None
        experiment.verdict = (f"both runs fail: as written at step {written.raw.error_step} "
                              f"({written.raw.error}); fixed at step {fixed.raw.error_step} ({fixed.raw.error})")
        return
    if written.failed:
        f = fixed.final(name)
        experiment.improved = True
        experiment.verdict = (f"as written it fails at step {written.raw.error_step} with {written.raw.error}; "
                              f"fixed trains and reaches {_fmt(m, f)} {name}" + (f" ({chance_text})" if chance_text else ""))
        return
    if fixed.failed:
        experiment.improved = False
        experiment.verdict = (f"the fix fails here at step {fixed.raw.error_step} with {fixed.raw.error}; "
                              f"as written reaches {_fmt(m, written.final(name))} {name}")
        return

    if (written.config.reported_metric != fixed.config.reported_metric
            and written.config.with_(reported_metric=None) == fixed.config.with_(reported_metric=None)):
        _judge_reported_metric(experiment)
        return
    w, f = written.final(name), fixed.final(name)
    experiment.reach_step = reach_step(m, w, fixed.eval_steps, fixed.metrics.get(name, []))
    outcome = compare(m, w, f)
    experiment.improved = outcome > 0
    same_loss = same_curve(written.raw.losses, fixed.raw.losses)
    same_metric = same_curve(written.metrics.get(name, []), fixed.metrics.get(name, []))
    if same_loss and same_metric:
        experiment.improved = False
        experiment.verdict = (f"both runs trained identically (the same loss and {name} at every step, final "
                              f"{name} {_fmt(m, f)}" + (f"; {chance_text}" if chance_text else "") +
                              f"): with {experiment.backend_version} this mistake has no measurable effect "
                              f"on this reference model")
        return
    start = written.metrics.get(name, [None])[0]
    stuck = _finite(start) and _finite(w) and compare(m, start, w) <= 0  # no better than untrained
    below_chance = chance is not None and _finite(w) and compare(m, chance, w) <= 0
    baseline_word = "chance" if m.baseline_name == "chance" else f"the {m.baseline_name}"
    extra = [f"{chance_text}"] if chance_text else []
    if outcome > 0:
        if m.higher_is_better:
            text = f"fixed reaches {_fmt(m, f)} {name} vs {_fmt(m, w)} as written"
        else:
            ratio = (w / f) if _finite(w) and _finite(f) and f > 0 else None
            text = f"fixed {name} {_fmt(m, f)} vs {_fmt(m, w)} as written"
            extra = ([f"{ratio:.1f}x lower"] if ratio else []) + extra
        parts = [text + (f" ({'; '.join(extra)})" if extra else "")]
        if stuck:
            parts.append(f"as written ended no better than its untrained start ({_fmt(m, start)} at step 0)")
        elif below_chance:
            parts.append(f"as written is no better than {baseline_word}")
    elif outcome == 0:
        parts = [f"the fix makes no measurable difference to the final {name} here: {_fmt(m, f)} fixed vs "
                 f"{_fmt(m, w)} as written" + (f" ({chance_text})" if chance_text else "")]
        if below_chance and chance is not None and compare(m, chance, f) <= 0:
            parts.append(f"both are no better than {baseline_word}")
    else:
        parts = [f"the fix does not help here: {name} {_fmt(m, f)} fixed vs {_fmt(m, w)} as written"
                 + (f" ({chance_text})" if chance_text else "")]
    r = experiment.reach_step
    if outcome >= 0 and r is not None and 0 < r < experiment.steps:
        parts.append(f"fixed passed the as-written final {name} at step {r} of {experiment.steps}")
    elif outcome >= 0 and r is None and _finite(w):
        parts.append(f"fixed never reached the as-written final {name} within {experiment.steps} steps")
    for run in (written, fixed):
        key, values = _reported(run)
        task_final = run.final(name)
        if values and key.startswith(("accuracy ", "acc ")) and m.higher_is_better and _finite(task_final) \
                and abs(values[-1] - task_final) > SCORE_TOLERANCE:
            who = "Keras" if experiment.backend == "keras" else experiment.backend
            notes.append(f"{run.label}, {who} reports 'accuracy' {values[-1]:.3f} while the measured {name} "
                         f"is {_fmt(m, task_final)}")
    if same_loss:
        notes.append("both runs had the same training loss at every step: the difference is only in the "
                     "outputs the model returns")
    experiment.verdict = "; ".join(parts + notes)
