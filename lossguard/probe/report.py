"""The probe's output: a compact side-by-side table per experiment, and JSON with every number."""

from __future__ import annotations

import math
from typing import Any, Optional

from lossguard.probe.experiment import Experiment, ProbeReport, RunResult


def _num(value: Optional[float], fmt: str = "{:.4g}") -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if abs(value) >= 1e5:
        return f"{value:.3g}"
    return fmt.format(value)


def _metric_cell(exp: Experiment, run: RunResult, name: str, fmt: Any) -> str:
    if run.failed:
        return f"failed at step {run.raw.error_step}"
    if name not in run.metrics:
        return "-"
    value = run.final(name)
    return fmt(value) if value is not None else "-"


MEASURE_NOTES = {"test NLL": "lower is better", "ECE": "calibration error, lower is better",
                 "output-layer gradient at step 0": "|d loss / d output kernel|, same weights, first batch"}


def _rows(exp: Experiment) -> list[tuple[str, str, str, str]]:
    m = exp.metric
    rows: list[tuple[str, str, str, str]] = []
    chance = exp.chance.get(m.name)
    note = ("higher is better" if m.higher_is_better else "lower is better") + \
        (f"; {m.baseline_name} {m.format(chance)}" if chance is not None else "")
    rows.append((m.name, _metric_cell(exp, exp.written, m.name, m.format),
                 _metric_cell(exp, exp.fixed, m.name, m.format), note))
    shown = {m.name, "label accuracy"}
    for measure in exp.measures:
        extra = MEASURE_NOTES.get(measure.name, "")
        if measure.name == "test NLL" and "test NLL" in exp.chance:
            extra += f"; class-frequency baseline {exp.chance['test NLL']:.3f}"
        if measure.name.startswith("loss floor") and exp.floor is not None:
            extra = exp.floor.kind
        rows.append((measure.name, measure.shown[0], measure.shown[1], extra))
        shown.add(measure.name)
    names = list(exp.written.metrics) + [n for n in exp.fixed.metrics if n not in exp.written.metrics]
    for name in names:
        if name in shown or name.startswith(("test NLL", "ECE")):
            continue
        rows.append((name, _metric_cell(exp, exp.written, name, lambda v: _num(v, "{:.3f}")),
                     _metric_cell(exp, exp.fixed, name, lambda v: _num(v, "{:.3f}")), ""))
    rows.append(("final training loss", _num(exp.written.final_loss()), _num(exp.fixed.final_loss()),
                 "mean of the last 10 steps"))
    reach = "-" if exp.reach_step is None else (f"step {exp.reach_step}" if exp.reach_step else "step 0 (untrained)")
    if exp.kind == "training":
        rows.append(("passed as-written final", "", reach, ""))
    rows.append(("training time", f"{exp.written.raw.seconds:.1f} s", f"{exp.fixed.raw.seconds:.1f} s", ""))
    return rows


def _table(exp: Experiment) -> list[str]:
    rows = _rows(exp)
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len("as written"), *(len(r[1]) for r in rows))
    w2 = max(len("fixed"), *(len(r[2]) for r in rows))
    lines = [f"  {'':<{w0}}  {'as written':>{w1}}  {'fixed':>{w2}}"]
    for name, a, b, extra in rows:
        lines.append(f"  {name:<{w0}}  {a:>{w1}}  {b:>{w2}}" + (f"  {extra}" if extra else "").rstrip())
    lines.append("")
    for run in (exp.written, exp.fixed):
        if run.failed:
            lines.append(f"  {run.label} failed at step {run.raw.error_step}: {run.raw.error}")
        for warning in run.raw.warnings[:2]:
            lines.append(f"  {run.label}: {exp.backend} warned: {warning}")
    return lines


def render_experiment(exp: Experiment) -> str:
    lines = []
    for ref in exp.findings:
        lines.append(f"{ref.location()}: {ref.rule} {ref.name}")
    lines.append(f"  probe      {exp.shows}")
    if exp.mirrored:
        lines.append(f"  mirrored   {'; '.join(exp.mirrored)}")
    if exp.assumed:
        lines.append(f"  assumed    {'; '.join(exp.assumed)}")
    lines.append(f"  data       {exp.data}")
    lines.append(f"  training   {exp.model}; {exp.steps} steps of {exp.batch_size}, {exp.training.optimizer_text()}, "
                 f"seed {exp.seed}, same initial weights; {exp.backend_version}")
    lines.append(f"  as written {exp.written.describe()}")
    lines.append(f"  fixed      {exp.fixed.describe()}")
    for rule, texts in exp.changes:
        origin = "the fix" if rule == exp.rule else f"also fixed ({rule})"
        lines.append(f"    {origin}: " + "; ".join(texts))
    if exp.floor is not None:
        lines.append(f"  loss floor {exp.floor.formula}")
    lines.append("")
    lines.extend(_table(exp))
    for other in exp.also:
        lines.append(f"  on Keras' {other.backend_version.split('(')[-1].rstrip(')').split()[0]} backend "
                     f"({other.backend_version}; {other.note}):")
        lines.extend(_table(other))
    if exp.note and not exp.also:
        lines.append(f"  note: {exp.note}")
    lines.append(f"  verdict: {exp.verdict}")
    return "\n".join(lines)


def outcome_kind(exp: Experiment) -> str:
    """helped | mixed | worse | signal (only the gradient or loss floor differ) | none | failed.
    An experiment also run on another Keras backend counts with its best outcome on either."""
    if exp.also:
        kinds = [_own_kind(exp)] + [outcome_kind(other) for other in exp.also]
        return min(kinds, key=["helped", "mixed", "worse", "signal", "none", "failed"].index)
    return _own_kind(exp)


def _own_kind(exp: Experiment) -> str:
    if exp.improved is None:
        return "failed"
    if exp.improved:
        return "helped"
    if exp.fixed.failed:
        return "worse"
    outcomes = [x.outcome for x in exp.measures if x.kind == "outcome" and x.outcome] + \
        ([exp.metric_outcome] if exp.metric_outcome else [])
    if outcomes and max(outcomes) > 0:
        return "mixed"
    if outcomes:
        return "worse"
    return "signal" if exp.differs else "none"


def summary_line(report: ProbeReport) -> str:
    """One sentence: how many findings and experiments, and what the fixes did."""
    exps = report.experiments
    n_findings = sum(len(e.findings) for e in exps)
    head = (f"{n_findings} finding{'s' * (n_findings != 1)} probed in {len(exps)} "
            f"experiment{'s' * (len(exps) != 1)}")
    kinds = [outcome_kind(e) for e in exps]
    helped, mixed, worse = kinds.count("helped"), kinds.count("mixed"), kinds.count("worse")
    signal, none, failed = kinds.count("signal"), kinds.count("none"), kinds.count("failed")
    if len(exps) == 1:
        what = {"helped": "the fix helped measurably",
                "mixed": "the fix helped on some measures and not on others",
                "worse": "the fix made results worse on this reference model",
                "signal": "the fix changed what training sees (gradient, loss floor) but not the results",
                "none": "the fix made no measurable difference",
                "failed": "both runs failed, so there was nothing to compare"}[kinds[0]]
        return f"{head}; {what}."
    parts = [f"the fix helped measurably in {helped}"] if helped else ["the fix helped measurably in none"]
    if mixed:
        parts.append(f"helped on some measures only in {mixed}")
    if signal:
        parts.append(f"changed only what training sees in {signal}")
    if worse:
        parts.append(f"made results worse in {worse}")
    if none:
        parts.append(f"made no measurable difference in {none}")
    if failed:
        parts.append(f"could not be compared in {failed} (both runs failed)")
    text = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return f"{head}; {text}."


def render_text(report: ProbeReport, plot_path: Optional[str] = None) -> str:
    blocks = [render_experiment(exp) for exp in report.experiments]
    out = "\n\n".join(blocks)
    tail = []
    for skipped in report.skipped:
        tail.append(f"{skipped.finding.location()}: {skipped.finding.rule} not probed: {skipped.reason}")
    if plot_path and report.experiments:
        tail.append(f"plot: {plot_path}")
    if report.experiments:
        tail.append(summary_line(report))
    elif not report.skipped:
        tail.append("No findings to probe.")
    else:
        tail.append("No finding could be probed.")
    return (out + "\n\n" if out else "") + "\n".join(tail) + "\n"


def _clean(value: Any) -> Any:
    """JSON cannot hold nan/inf: they become strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def run_json(run: RunResult) -> dict[str, Any]:
    return {
        "config": run.config.to_json(),
        "model": {"head": run.head, "loss": run.loss, "targets": run.targets, "inputs": run.inputs},
        "failed": run.failed,
        "error": run.raw.error,
        "error_step": run.raw.error_step,
        "warnings": run.raw.warnings,
        "final": {name: run.final(name) for name in [*run.metrics, *run.at_end]},
        "at_end": run.at_end,
        "final_loss": run.final_loss(),
        "first_nonfinite_loss_step": run.first_nonfinite_step(),
        "seconds": round(run.raw.seconds, 3),
        "losses": run.raw.losses,
        "eval_steps": run.eval_steps,
        "metrics": run.metrics,
        "grad_norms": run.raw.grad_norms,
    }


def measure_json(measure: Any) -> dict[str, Any]:
    return {"name": measure.name, "as_written": measure.written, "fixed": measure.fixed, "outcome": measure.outcome,
            "kind": measure.kind, "says": measure.phrase}


def experiment_json(exp: Experiment) -> dict[str, Any]:
    floor = exp.floor
    return _clean({
        "rule": exp.rule,
        "findings": [dict({"rule": f.rule, "name": f.name, "path": f.path, "line": f.line, "column": f.column,
                           "message": f.message}, **({"cell": f.cell} if f.cell is not None else {}))
                     for f in exp.findings],
        "probe": exp.shows,
        "backend": exp.backend,
        "backend_version": exp.backend_version,
        "task": exp.task,
        "data": exp.data,
        "model": exp.model,
        "steps": exp.steps,
        "batch_size": exp.batch_size,
        "learning_rate": exp.learning_rate,
        "seed": exp.seed,
        "training": exp.training.to_json(),
        "mirrored": exp.mirrored,
        "assumed": exp.assumed,
        "metric": {"name": exp.metric.name, "higher_is_better": exp.metric.higher_is_better,
                   "baseline_name": exp.metric.baseline_name, "format": exp.metric.fmt},
        "baseline": exp.chance,
        "changes": [{"rule": rule, "changes": texts} for rule, texts in exp.changes],
        "as_written": run_json(exp.written),
        "fixed": run_json(exp.fixed),
        "reached_as_written_final_at_step": exp.reach_step,
        "improved": exp.improved,
        "differs": exp.differs,
        "kind": exp.kind,
        "measures": [measure_json(m) for m in exp.measures],
        "target": exp.target,
        "floor": None if floor is None else {"kind": floor.kind, "value": floor.value, "formula": floor.formula,
                                             "holds": floor.holds, "per_step": floor.per_step},
        "other_backends": [experiment_json(other) for other in exp.also],
        "note": exp.note,
        "verdict": exp.verdict,
    })


def render_json(report: ProbeReport, plot_path: Optional[str] = None) -> str:
    import json

    data = {
        "seed": report.seed,
        "experiments": [experiment_json(e) for e in report.experiments],
        "not_probed": [{"rule": s.finding.rule, "path": s.finding.path, "line": s.finding.line,
                        "column": s.finding.column, "reason": s.reason} for s in report.skipped],
        "import_seconds": {k: round(v, 3) for k, v in report.import_seconds.items()},
        "plot": plot_path,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
