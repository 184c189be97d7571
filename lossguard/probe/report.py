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


def render_experiment(exp: Experiment) -> str:
    m = exp.metric
    lines = []
    for ref in exp.findings:
        lines.append(f"{ref.location()}: {ref.rule} {ref.name}")
    lines.append(f"  probe      {exp.shows}")
    lines.append(f"  data       {exp.data}")
    lines.append(f"  training   {exp.model}; {exp.steps} steps of {exp.batch_size}, Adam {exp.learning_rate:g}, "
                 f"seed {exp.seed}, same initial weights; {exp.backend_version}")
    lines.append(f"  as written {exp.written.describe()}")
    lines.append(f"  fixed      {exp.fixed.describe()}")
    for rule, texts in exp.changes:
        origin = "the fix" if rule == exp.rule else f"also fixed ({rule})"
        lines.append(f"    {origin}: " + "; ".join(texts))
    rows: list[tuple[str, str, str, str]] = []
    chance = exp.chance.get(m.name)
    note = ("higher is better" if m.higher_is_better else "lower is better") + \
        (f"; {m.baseline_name} {m.format(chance)}" if chance is not None else "")
    rows.append((m.name, _metric_cell(exp, exp.written, m.name, m.format),
                 _metric_cell(exp, exp.fixed, m.name, m.format), note))
    names = list(exp.written.metrics) + [n for n in exp.fixed.metrics if n not in exp.written.metrics]
    for name in names:
        if name in (m.name, "label accuracy"):
            continue
        rows.append((name, _metric_cell(exp, exp.written, name, lambda v: _num(v, "{:.3f}")),
                     _metric_cell(exp, exp.fixed, name, lambda v: _num(v, "{:.3f}")), ""))
    rows.append(("final training loss", _num(exp.written.final_loss()), _num(exp.fixed.final_loss()),
                 "mean of the last 10 steps"))
    reach = "-" if exp.reach_step is None else (f"step {exp.reach_step}" if exp.reach_step else "step 0 (untrained)")
    if exp.kind == "training":
        rows.append(("passed as-written final", "", reach, ""))
    rows.append(("training time", f"{exp.written.raw.seconds:.1f} s", f"{exp.fixed.raw.seconds:.1f} s", ""))
    w0 = max(len(r[0]) for r in rows + [("", "", "", "")])
    w1 = max(len("as written"), *(len(r[1]) for r in rows))
    w2 = max(len("fixed"), *(len(r[2]) for r in rows))
    lines.append("")
    lines.append(f"  {'':<{w0}}  {'as written':>{w1}}  {'fixed':>{w2}}")
    for name, a, b, extra in rows:
        lines.append(f"  {name:<{w0}}  {a:>{w1}}  {b:>{w2}}" + (f"  {extra}" if extra else "").rstrip())
    lines.append("")
    for run in (exp.written, exp.fixed):
        if run.failed:
            lines.append(f"  {run.label} failed at step {run.raw.error_step}: {run.raw.error}")
        for warning in run.raw.warnings[:2]:
            lines.append(f"  {run.label}: {exp.backend} warned: {warning}")
    lines.append(f"  verdict: {exp.verdict}")
    return "\n".join(lines)


def render_text(report: ProbeReport, plot_path: Optional[str] = None) -> str:
    blocks = [render_experiment(exp) for exp in report.experiments]
    out = "\n\n".join(blocks)
    tail = []
    for skipped in report.skipped:
        tail.append(f"{skipped.finding.location()}: {skipped.finding.rule} not probed: {skipped.reason}")
    if plot_path and report.experiments:
        tail.append(f"plot: {plot_path}")
    n_findings = sum(len(e.findings) for e in report.experiments)
    if report.experiments:
        helped = sum(1 for e in report.experiments if e.improved)
        tail.append(f"Probed {n_findings} finding{'s' * (n_findings != 1)} in {len(report.experiments)} "
                    f"experiment{'s' * (len(report.experiments) != 1)}: the fix measurably helped in {helped}.")
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
        "final": {name: run.final(name) for name in run.metrics},
        "final_loss": run.final_loss(),
        "first_nonfinite_loss_step": run.first_nonfinite_step(),
        "seconds": round(run.raw.seconds, 3),
        "losses": run.raw.losses,
        "eval_steps": run.eval_steps,
        "metrics": run.metrics,
    }


def experiment_json(exp: Experiment) -> dict[str, Any]:
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
        "metric": {"name": exp.metric.name, "higher_is_better": exp.metric.higher_is_better,
                   "baseline_name": exp.metric.baseline_name},
        "baseline": exp.chance,
        "changes": [{"rule": rule, "changes": texts} for rule, texts in exp.changes],
        "as_written": run_json(exp.written),
        "fixed": run_json(exp.fixed),
        "reached_as_written_final_at_step": exp.reach_step,
        "improved": exp.improved,
        "kind": exp.kind,
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
