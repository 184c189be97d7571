"""The one-line verdict, computed from the measured numbers only (nothing here knows a rule).

Besides the task metric it compares what a mistake damages on the way there (`measures`): the steps to
reach a target value of the metric, the test negative log-likelihood and calibration (ECE) of the
probabilities the model returns, the gradient the loss gives the output layer at step 0 (same weights
in both runs), and the loss floor of the as-written setup (bounds.py). The verdict names the measures
that differ and by how much; "no measurable difference" only when none does, with the reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Optional

# Differences smaller than these are "no measurable difference" (absolute for scores, relative for errors).
SCORE_TOLERANCE = 0.02
ERROR_TOLERANCE = 0.10
NLL_TOLERANCE = (0.10, 0.05)  # relative and absolute: both must be exceeded
ECE_TOLERANCE = 0.03
GRADIENT_RATIO = 2.0  # the output layer's gradient at step 0: a factor of 2 either way
STEPS_RATIO = 1.5  # steps to reach the target: 1.5x sooner, and at least two evaluations apart
FLOOR_MARGIN = 0.05  # the fixed loss must end this far below the as-written floor
TARGET_SHARE = 0.9  # the target: 90% of the way from the baseline to the better of the two finals


@dataclass
class Measure:
    """One comparison of the two runs."""

    name: str
    written: Optional[float]
    fixed: Optional[float]
    outcome: int  # +1 fixed better, -1 fixed worse, 0 no measurable difference
    kind: str  # "outcome" (what the user gets) | "signal" (what training sees: gradient, loss floor)
    phrase: str = ""  # the verdict's words when it differs
    shown: tuple[str, str] = ("", "")  # the report's cells (as written, fixed)


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


def target_value(metric: Any, chance: Optional[float], written: Optional[float], fixed: Optional[float]
                 ) -> Optional[float]:
    """90% of the way from the baseline to the better final value; None when neither run beat the baseline."""
    finals = [v for v in (written, fixed) if _finite(v)]
    if not finals or not _finite(chance):
        return None
    best = max(finals) if metric.higher_is_better else min(finals)
    if compare(metric, chance, best) <= 0:
        return None
    return chance + TARGET_SHARE * (best - chance)


def _steps_text(step: Optional[int]) -> str:
    return "never" if step is None else f"step {step}"


def _ratio(a: float, b: float) -> float:
    return a / b if b else math.inf


def _measures(experiment: Any) -> list[Measure]:
    m = experiment.metric
    written, fixed = experiment.written, experiment.fixed
    out: list[Measure] = []
    w_final, f_final = written.final(m.name), fixed.final(m.name)
    target = target_value(m, experiment.chance.get(m.name), w_final, f_final)
    experiment.target = target
    if target is not None:
        w_step = reach_step(m, target, written.eval_steps, written.metrics.get(m.name, []))
        f_step = reach_step(m, target, fixed.eval_steps, fixed.metrics.get(m.name, []))
        every = max(1, experiment.steps // 50)
        if w_step is None and f_step is None:
            outcome = 0
        elif w_step is None or f_step is None:
            outcome = 1 if w_step is None else -1
        else:
            far = abs(w_step - f_step) >= 2 * every
            outcome = (1 if w_step > STEPS_RATIO * max(f_step, 1) and far else
                       -1 if f_step > STEPS_RATIO * max(w_step, 1) and far else 0)
        goal = f"{m.format(target)} {m.name}"
        if outcome > 0 and w_step is None:
            phrase = f"fixed reached {goal} at step {f_step}; as written never did in {experiment.steps} steps"
        elif outcome > 0:
            phrase = (f"fixed reached {goal} at step {f_step}, as written only at step {w_step} "
                      f"({times(_ratio(w_step, max(f_step, 1)))} the steps)")
        elif outcome < 0:
            phrase = f"as written reached {goal} sooner (step {w_step}; fixed: {_steps_text(f_step)})"
        else:
            phrase = ""
        out.append(Measure(f"steps to {goal}", w_step, f_step, outcome, "outcome", phrase,
                           (_steps_text(w_step), _steps_text(f_step))))
    for name, better_phrase in (("test NLL", "test NLL"), ("ECE", "calibration error (ECE)")):
        w, f = written.final(name), fixed.final(name)
        if not (_finite(w) and _finite(f)):
            continue
        if name == "test NLL":
            delta = w - f
            big = abs(delta) > NLL_TOLERANCE[0] * max(abs(w), abs(f)) and abs(delta) > NLL_TOLERANCE[1]
        else:
            delta = w - f
            big = abs(delta) > ECE_TOLERANCE
        outcome = (1 if delta > 0 else -1) if big else 0
        phrase = ""
        if outcome:
            ratio = f" ({times(_ratio(max(w, f), min(w, f)))} {'lower' if outcome > 0 else 'higher'})" if min(w, f) > 0 else ""
            phrase = f"{better_phrase} {f:.3f} fixed vs {w:.3f} as written{ratio}"
            if name == "ECE" and outcome < 0 and _near_chance(experiment):
                phrase += ": the as-written model is near chance, and its probabilities say so"
        out.append(Measure(name, w, f, outcome, "outcome", phrase, (f"{w:.3f}", f"{f:.3f}")))
    w_grad = written.raw.grad_norms[0] if written.raw.grad_norms else None
    f_grad = fixed.raw.grad_norms[0] if fixed.raw.grad_norms else None
    if _finite(w_grad) and _finite(f_grad) and not written.failed and not fixed.failed:
        outcome, phrase = 0, ""
        if w_grad > 0 and f_grad > 0 and max(w_grad, f_grad) / min(w_grad, f_grad) >= GRADIENT_RATIO:
            smaller = w_grad < f_grad
            outcome = 1 if smaller else -1
            factor = max(w_grad, f_grad) / min(w_grad, f_grad)
            phrase = (f"at step 0, from the same weights, the as-written loss gives the output layer a "
                      f"{times(factor)} {'smaller' if smaller else 'larger'} gradient ({w_grad:.3g} vs {f_grad:.3g})")
        elif w_grad == 0 < f_grad:
            outcome, phrase = 1, "at step 0 the as-written loss gives the output layer no gradient at all"
        out.append(Measure("output-layer gradient at step 0", w_grad, f_grad, outcome, "signal", phrase,
                           (f"{w_grad:.3g}", f"{f_grad:.3g}")))
    floor = experiment.floor
    if floor is not None and not written.failed:
        w_loss, f_loss = written.final_loss(), fixed.final_loss()
        binds = floor.holds and _finite(f_loss) and f_loss < floor.value - FLOOR_MARGIN
        phrase = ""
        if binds:
            phrase = (f"as written the loss cannot go below {floor.value:.3f} ({floor.kind}): it ended at "
                      f"{_fmt_loss(w_loss)}, fixed at {_fmt_loss(f_loss)}")
        out.append(Measure("loss floor as written", floor.value, f_loss, 1 if binds else 0, "signal", phrase,
                           (f"{floor.value:.3f}" + ("" if floor.holds else " (not reached)"), "none")))
    return out


def _near_chance(experiment: Any) -> bool:
    m = experiment.metric
    chance, w = experiment.chance.get(m.name), experiment.written.final(m.name)
    return _finite(chance) and _finite(w) and compare(m, chance, w) <= 0


def times(factor: float) -> str:
    """2.1x, 12x, 87x, 75,142x."""
    return f"{factor:.1f}x" if factor < 10 else f"{factor:,.0f}x"


def _fmt_loss(value: Optional[float]) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3g}" if abs(value) >= 1e4 else f"{value:.3f}"


def judge(experiment: Any) -> None:
    """Fill `reach_step`, `measures`, `improved`, `differs` and `verdict` of an experiment from its numbers."""
    m = experiment.metric
    name = m.name
    written, fixed = experiment.written, experiment.fixed
    chance = experiment.chance.get(name)
    chance_text = f"{m.baseline_name} {_fmt(m, chance)}" if chance is not None else ""
    notes: list[str] = []
    experiment.measures = []
    experiment.differs = None
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
        experiment.improved = experiment.differs = True
        experiment.verdict = (f"as written it fails at step {written.raw.error_step} with {written.raw.error}; "
                              f"fixed trains and reaches {_fmt(m, f)} {name}" + (f" ({chance_text})" if chance_text else ""))
        return
    if fixed.failed:
        experiment.improved, experiment.differs = False, True
        experiment.verdict = (f"the fix fails here at step {fixed.raw.error_step} with {fixed.raw.error}; "
                              f"as written reaches {_fmt(m, written.final(name))} {name}")
        return

    if (written.config.reported_metric != fixed.config.reported_metric
            and written.config.with_(reported_metric=None) == fixed.config.with_(reported_metric=None)):
        _judge_reported_metric(experiment)
        experiment.differs = experiment.improved
        return
    w, f = written.final(name), fixed.final(name)
    experiment.reach_step = reach_step(m, w, fixed.eval_steps, fixed.metrics.get(name, []))
    outcome = compare(m, w, f)
    experiment.metric_outcome = outcome
    same_loss = same_curve(written.raw.losses, fixed.raw.losses)
    same_metric = same_curve(written.metrics.get(name, []), fixed.metrics.get(name, []))
    measures = _measures(experiment)
    experiment.measures = measures
    others = [x for x in measures if x.outcome]
    experiment.differs = bool(outcome or others)
    outcomes = [x.outcome for x in measures if x.kind == "outcome" and x.outcome]
    experiment.improved = outcome > 0 or (outcome == 0 and bool(outcomes) and min(outcomes) > 0)
    if same_loss and same_metric:
        # the same training; what the model returns may still differ (a sigmoid read as class probabilities)
        outputs = [x for x in measures if x.outcome and x.kind == "outcome"]
        experiment.differs = bool(outputs)
        experiment.improved = bool(outputs) and min(x.outcome for x in outputs) > 0
        experiment.verdict = (f"both runs trained identically (the same loss and {name} at every step, final "
                              f"{name} {_fmt(m, f)}" + (f"; {chance_text}" if chance_text else "") + ")")
        if outputs:
            experiment.verdict += ("; but the probabilities the model returns differ: "
                                   + "; ".join(x.phrase for x in outputs))
        else:
            experiment.verdict += (f": with {experiment.backend_version} this mistake has no measurable effect "
                                   f"on this reference model")
        if experiment.floor is not None and not experiment.floor.holds:
            experiment.verdict += (f"; the as-written loss went below the {experiment.floor.value:.3f} floor of "
                                   f"{experiment.floor.kind}: the framework did not apply the activation twice")
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
    elif outcome == 0 and others:
        parts = [f"the final {name} is about the same ({_fmt(m, f)} fixed vs {_fmt(m, w)} as written"
                 + (f"; {chance_text}" if chance_text else "") + "), but the mistake shows elsewhere"]
    elif outcome == 0:
        compared = ", ".join(x.name for x in measures)
        parts = [f"the fix makes no measurable difference to the final {name} here: {_fmt(m, f)} fixed vs "
                 f"{_fmt(m, w)} as written" + (f" ({chance_text})" if chance_text else "")]
        if compared:
            parts.append(f"nor to the {compared} (within the probe's tolerances)")
        spare = written.final("predictions on spare units")
        if spare is not None:
            extra_units = written.config.units - written.config.n_classes
            parts.append(f"as written the {extra_units} spare unit{'s' * (extra_units != 1)} no label names "
                         f"{'are' if extra_units != 1 else 'is'} trained towards zero and "
                         + ("never predicted" if spare == 0 else f"predicted for {spare:.1%} of the test set"))
        if below_chance and chance is not None and compare(m, chance, f) <= 0:
            parts.append(f"both are no better than {baseline_word}")
    else:
        parts = [f"the fix does not help here: {name} {_fmt(m, f)} fixed vs {_fmt(m, w)} as written"
                 + (f" ({chance_text})" if chance_text else "")]
    parts.extend(x.phrase for x in measures if x.outcome and x.phrase)
    r = experiment.reach_step
    steps_said = any(x.name.startswith("steps to") and x.outcome for x in measures)
    if outcome >= 0 and r is not None and 0 < r < experiment.steps and not steps_said:
        parts.append(f"fixed passed the as-written final {name} at step {r} of {experiment.steps}")
    elif outcome >= 0 and r is None and _finite(w) and not steps_said:
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
    if experiment.floor is not None and not experiment.floor.holds:
        notes.append(f"the as-written loss went below the {experiment.floor.value:.3f} floor of "
                     f"{experiment.floor.kind}: the framework did not apply the activation twice")
    experiment.verdict = "; ".join(parts + notes)


def combine(experiment: Any, other: Any, why: str) -> None:
    """The verdict of an experiment whose training one Keras backend repairs, measured on another too
    (crossrun): both verdicts, and the fix counts as helping if it helps on either."""
    experiment.improved = bool(other.improved or experiment.improved)
    experiment.differs = bool(other.differs or experiment.differs)
    engine = other.backend_version.split("(")[-1].rstrip(")").split()[0]
    experiment.verdict = (f"on TensorFlow Keras silently repairs the training ({why}): {experiment.verdict}; "
                          f"on {engine} it does not: {other.verdict}")
