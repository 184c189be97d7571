"""`--plot FILE.png`: one row per experiment (and per extra Keras backend): the training loss, the task
metric on the test set, and the gradient the loss gives the output layer, for both runs (matplotlib, Agg).

Axes are linear unless a positive curve spans more than three decades (then logarithmic). A loss that
runs away (BCE on 0..255 targets falls without bound) is clipped to the range of the fixed run, and the
panel says where it went; non-finite losses are marked with an x.
"""

from __future__ import annotations

import math
from typing import Any, Optional

from lossguard.probe.experiment import ProbeReport
from lossguard.probe.verdict import same_curve

WRITTEN_COLOR = "#c0392b"
FIXED_COLOR = "#2471a3"
CLIP_SPANS = 3.0  # a curve leaving the fixed run's range by more than 3 spans is clipped


def _finite(values: list[Any]) -> list[float]:
    return [v for v in values if isinstance(v, (int, float)) and math.isfinite(v)]


def _short(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 1e4 else f"{value:.2e}"


def _loss_limits(exp: Any) -> Optional[tuple[float, float]]:
    """y-limits that show the fixed curve (and the floor) when the as-written one runs away; None = auto."""
    fixed = _finite(exp.fixed.raw.losses)
    written = _finite(exp.written.raw.losses)
    if not fixed or not written:
        return None
    core = fixed + ([exp.floor.value] if exp.floor is not None else [])
    low, high = min(core), max(core)
    span = (high - low) or max(abs(high), 1.0)
    if min(written) >= low - CLIP_SPANS * span and max(written) <= high + CLIP_SPANS * span:
        return None
    return low - 0.6 * span, high + 0.6 * span


def _loss_panel(ax: Any, exp: Any, title: str) -> None:
    for run, color in ((exp.written, WRITTEN_COLOR), (exp.fixed, FIXED_COLOR)):
        losses = run.raw.losses
        label = run.label + (f" (failed at step {run.raw.error_step})" if run.failed else "")
        if losses:
            ax.plot(range(1, len(losses) + 1), losses, color=color, lw=1.2, label=label)
            bad = [(i + 1) for i, v in enumerate(losses) if not (isinstance(v, float) and math.isfinite(v))]
            if bad:
                ax.plot(bad[:1], [0.0], "x", color=color, ms=8, label=f"{run.label}: loss {losses[bad[0] - 1]} "
                                                                      f"from step {bad[0]}")
        elif run.failed:
            ax.plot([], [], color=color, label=label)
    if exp.floor is not None and exp.floor.holds:
        ax.axhline(exp.floor.value, color=WRITTEN_COLOR, ls="--", lw=0.9,
                   label=f"as-written floor {exp.floor.value:.3f} ({exp.floor.kind})")
    limits = _loss_limits(exp)
    if limits is not None:
        ax.set_ylim(*limits)
        losses = exp.written.raw.losses
        finite = [(v, i + 1) for i, v in enumerate(losses) if isinstance(v, float) and math.isfinite(v)]
        (low, low_step), (high, high_step) = min(finite), max(finite)
        said = []
        if low < limits[0]:
            said.append(f"falls to {_short(low)} (step {low_step})")
        if high > limits[1]:
            said.append(f"reaches {_short(high)} (step {high_step})")
        ax.text(0.97, 0.5, "as written " + "\nand ".join(said) + ":\noff the scale, clipped",
                transform=ax.transAxes, fontsize=8, color=WRITTEN_COLOR, va="center", ha="right",
                bbox={"facecolor": "white", "edgecolor": WRITTEN_COLOR, "alpha": 0.9})
    else:
        finite = _finite(exp.written.raw.losses + exp.fixed.raw.losses)
        if finite and min(finite) > 0 and max(finite) / min(finite) > 1e3:
            ax.set_yscale("log")
    if same_curve(exp.written.raw.losses, exp.fixed.raw.losses):
        ax.text(0.5, 0.5, "both runs identical: the curves overlap", transform=ax.transAxes, fontsize=8,
                ha="center", va="center", color="grey")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("training step")
    ax.set_ylabel("training loss")
    ax.legend(fontsize=7)


def _metric_panel(ax: Any, exp: Any) -> None:
    name = exp.metric.name
    for run, color in ((exp.written, WRITTEN_COLOR), (exp.fixed, FIXED_COLOR)):
        values = run.metrics.get(name, [])
        label = run.label + (f" (failed at step {run.raw.error_step})" if run.failed else "")
        if values:
            ax.plot(run.eval_steps, values, color=color, lw=1.6, label=label, marker="x" if run.failed else None)
    chance = exp.chance.get(name)
    if chance is not None:
        ax.axhline(chance, color="grey", ls=":", lw=1, label=exp.metric.baseline_name)
    written_final = exp.written.final(name)
    fixed_values = exp.fixed.metrics.get(name, [])
    if exp.reach_step is not None and written_final is not None and exp.reach_step in exp.fixed.eval_steps:
        value = fixed_values[exp.fixed.eval_steps.index(exp.reach_step)]
        ax.plot([exp.reach_step], [value], "o", color=FIXED_COLOR, ms=6, mfc="white", mew=1.5, zorder=5,
                label=f"fixed passes the as-written final ({exp.metric.format(written_final)}) at step {exp.reach_step}")
    values = _finite([v for run in (exp.written, exp.fixed) for v in run.metrics.get(name, [])])
    if values and min(values) > 0 and not exp.metric.higher_is_better and max(values) / min(values) > 1e3:
        ax.set_yscale("log")
    direction = "higher" if exp.metric.higher_is_better else "lower"
    ax.set_title(f"{name} on the test set ({direction} is better)", fontsize=10)
    ax.set_xlabel("training step")
    ax.set_ylabel(name)
    ax.legend(fontsize=7)


def _gradient_panel(ax: Any, exp: Any) -> bool:
    drawn = False
    for run, color in ((exp.written, WRITTEN_COLOR), (exp.fixed, FIXED_COLOR)):
        points = [(s, g) for s, g in zip(run.eval_steps, run.raw.grad_norms)
                  if isinstance(g, float) and math.isfinite(g) and g > 0]
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], color=color, lw=1.2, marker=".", label=run.label)
            drawn = True
    if not drawn:
        ax.text(0.5, 0.5, "not measured", transform=ax.transAxes, ha="center", va="center", color="grey")
        ax.set_axis_off()
        return False
    values = _finite([g for run in (exp.written, exp.fixed) for g in run.raw.grad_norms])
    logarithmic = max(values) / min(values) > 10
    if logarithmic:
        ax.set_yscale("log")
    ax.set_title("gradient at the output layer (same first batch)", fontsize=10)
    ax.set_xlabel("training step")
    ax.set_ylabel("|d loss / d output kernel|" + (" (log)" if logarithmic else ""))
    ax.legend(fontsize=7)
    return True


def framework_label(version: str) -> str:
    """"keras 3.15.1 (tensorflow 2.21.0)" -> "Keras on TensorFlow"; "torch 2.13.0" -> "PyTorch"."""
    if version.startswith("keras"):
        engine = version.split("(")[-1].split()[0]
        return "Keras on " + {"tensorflow": "TensorFlow", "torch": "torch", "jax": "JAX"}.get(engine, engine)
    return "PyTorch"


def write_plot(report: ProbeReport, path: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows: list[tuple[Any, str]] = []
    for exp in report.experiments:
        rules = ", ".join(sorted({f.rule for f in exp.findings})) or exp.rule
        rows.append((exp, f"{rules}, {framework_label(exp.backend_version)}: training loss"))
        for other in exp.also:
            rows.append((other, f"{rules}, {framework_label(other.backend_version)}: training loss"))
    fig, axes = plt.subplots(max(1, len(rows)), 3, figsize=(16, 3.8 * max(1, len(rows))), squeeze=False)
    for index, (exp, title) in enumerate(rows):
        ax_loss, ax_metric, ax_grad = axes[index]
        _loss_panel(ax_loss, exp, title)
        _metric_panel(ax_metric, exp)
        _gradient_panel(ax_grad, exp)
    fig.suptitle("lossguard probe: as written vs fixed, same data, initial weights and steps", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
