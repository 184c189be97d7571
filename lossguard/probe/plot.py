"""`--plot FILE.png`: training loss and task metric of both runs, one row per experiment (matplotlib, Agg)."""

from __future__ import annotations

import math

from lossguard.probe.experiment import ProbeReport

WRITTEN_COLOR = "#c0392b"
FIXED_COLOR = "#2471a3"


def _finite(values: list[float]) -> list[float]:
    return [v for v in values if isinstance(v, (int, float)) and math.isfinite(v)]


def write_plot(report: ProbeReport, path: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    experiments = report.experiments
    rows = max(1, len(experiments))
    fig, axes = plt.subplots(rows, 2, figsize=(11, 3.4 * rows), squeeze=False)
    for row, exp in enumerate(experiments):
        ax_loss, ax_metric = axes[row]
        rules = ", ".join(sorted({f.rule for f in exp.findings}))
        for run, color in ((exp.written, WRITTEN_COLOR), (exp.fixed, FIXED_COLOR)):
            losses = run.raw.losses
            label = run.label + (f" (failed at step {run.raw.error_step})" if run.failed else "")
            if losses:
                ax_loss.plot(range(1, len(losses) + 1), losses, color=color, lw=1.2, label=label)
            elif run.failed:
                ax_loss.plot([], [], color=color, label=label)
            values = run.metrics.get(exp.metric.name, [])
            if values:
                ax_metric.plot(run.eval_steps, values, color=color, lw=1.6, label=label,
                               marker="x" if run.failed else None)
        finite = _finite(exp.written.raw.losses + exp.fixed.raw.losses)
        if finite:
            low, high = min(finite), max(finite)
            if low < 0 and max(abs(low), abs(high)) > 1e3:
                ax_loss.set_yscale("symlog", linthresh=1.0)  # e.g. BCE on 0..255 targets: unbounded below
            elif low > 0 and high / low > 1e3:
                ax_loss.set_yscale("log")
        ax_loss.set_title(f"{rules} ({exp.backend}): training loss", fontsize=10)
        ax_loss.set_xlabel("step")
        ax_loss.legend(fontsize=8)
        chance = exp.chance.get(exp.metric.name)
        if chance is not None:
            ax_metric.axhline(chance, color="grey", ls=":", lw=1, label=exp.metric.baseline_name)
        written_final = exp.written.final(exp.metric.name)
        if exp.reach_step is not None and written_final is not None:
            ax_metric.plot([exp.reach_step], [written_final], "o", color=FIXED_COLOR, ms=5,
                           label=f"fixed reaches as-written final (step {exp.reach_step})")
        direction = "higher" if exp.metric.higher_is_better else "lower"
        ax_metric.set_title(f"{exp.metric.name} on the test set ({direction} is better)", fontsize=10)
        ax_metric.set_xlabel("step")
        ax_metric.legend(fontsize=8)
    fig.suptitle("lossguard probe: as written vs fixed, same data, initial weights and steps", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
