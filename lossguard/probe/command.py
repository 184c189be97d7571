"""`lossguard probe`: the command line of the runtime probe (loaded by lossguard/cli only when it is run).

Exit status: 0 when the probe ran (whatever it measured, findings or not); 2 on usage errors, unreadable
paths, or a missing framework (one line: pip install 'lossguard[probe]'). Never a traceback for those.
"""

from __future__ import annotations

import sys
from typing import Optional

import click

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(message: str) -> None:
    click.echo(f"lossguard: error: {message}", err=True)
    sys.exit(2)


def _rule_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.strip().upper() for value in values for c in value.split(",") if c.strip())


@click.command("probe", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--rule", "rules", multiple=True, metavar="CODE",
              help="Probe only these rules (codes or prefixes, repeatable or comma-separated).")
@click.option("--backend", type=click.Choice(["auto", "torch", "keras"]), default="auto", show_default=True,
              help="auto: torch for PyTorch code, Keras (TensorFlow, or KERAS_BACKEND) for Keras code.")
@click.option("--steps", type=click.IntRange(min=1, max=100_000), default=None,
              help="Training steps of each run [default: per task, 200-300].")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the initial weights and batch order.")
@click.option("--classes", type=click.IntRange(min=2, max=1000), default=None, metavar="N",
              help="Give single-label heads N classes instead of the code's (what would the mistake cost at "
                   "N classes?); beyond 10 the task is synthetic.")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None,
              help="Write a PNG with the loss and metric curves of both runs.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--single-fix", is_flag=True,
              help="Apply only each finding's own fix (by default other mistakes found on the same training "
                   "link are fixed too, as when fixing the file).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this pyproject.toml (or lossguard.toml).")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def probe(paths: tuple[str, ...], rules: tuple[str, ...], backend: str, steps: Optional[int], seed: int,
          classes: Optional[int], plot_path: Optional[str], output_format: str, single_fix: bool,
          config_path: Optional[str], quiet: bool) -> None:
    """Prove each fix on a tiny reference model: train it as written and fixed, measured side by side.

    The probe never runs your code or data: it mirrors the facts `lossguard check` extracted (output
    units and activation, loss and from_logits, label encoding, input scaling, the class count, a literal
    optimizer, learning rate and batch size) on scikit-learn's bundled handwritten digits (diabetes data
    for regressions, a synthetic task beyond 10 classes), from the same initial weights, data and steps.
    """
    from lossguard.checker.run import run_check
    from lossguard.config.options import resolve
    from lossguard.config.pyproject import ConfigError
    from lossguard.probe.experiment import ProbeUnavailable

    if plot_path and not plot_path.lower().endswith(".png"):
        _fail(f"--plot writes a PNG: {plot_path!r} does not end in .png")
    codes = _rule_codes(rules)
    try:
        settings = resolve(paths, config_path, False)
    except ConfigError as err:
        _fail(str(err))
    report = run_check(paths or (".",), settings, jobs=1)
    for problem in report.problems:
        click.echo(f"lossguard: {problem.path}: {problem.message}", err=True)
    if report.problems and not report.findings:
        sys.exit(2)

    from lossguard.probe.api import probe_findings

    try:
        result = probe_findings(report.findings, backend=backend, steps=steps, seed=seed, rules=codes,
                                single_fix=single_fix, progress=not quiet, classes=classes)
    except ProbeUnavailable as err:
        _fail(str(err))
        return
    written_plot = None
    if plot_path and result.experiments:
        try:
            from lossguard.probe.plot import write_plot

            written_plot = write_plot(result, plot_path)
        except ImportError:
            _fail("--plot needs matplotlib: pip install 'lossguard[probe]'")
        except OSError as err:
            _fail(f"cannot write {plot_path}: {err.strerror or err}")
    from lossguard.probe.report import render_json, render_text

    out = render_json(result, written_plot) if output_format == "json" else render_text(result, written_plot)
    click.echo(out, nl=False)
    sys.exit(2 if report.problems else 0)
