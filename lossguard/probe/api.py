"""Python entry points of the probe (no framework is imported until a reference model is trained)."""

from __future__ import annotations

import sys
from typing import Any, Optional, Sequence

from lossguard.probe.experiment import INSTALL_HINT, ProbeReport, ProbeUnavailable  # noqa: F401


def probe_findings(findings: Sequence[Any], backend: str = "auto", steps: Optional[int] = None, seed: int = 0,
                   rules: Sequence[str] = (), single_fix: bool = False, progress: bool = False,
                   classes: Optional[int] = None) -> ProbeReport:
    """Probe the findings that have a scenario; raises ProbeUnavailable when a framework is missing."""
    from lossguard.probe.crossrun import OtherBackend
    from lossguard.probe.experiment import probe
    from lossguard.probe.progress import Progress

    return probe(findings, backend=backend, steps=steps, seed=seed, rules=rules, single_fix=single_fix,
                 progress=Progress() if progress else None, classes=classes, companion=OtherBackend)


def probe_facts(rule: str, facts: Optional[dict], backend: str = "auto", steps: Optional[int] = None,
                seed: int = 0, single_fix: bool = False, classes: Optional[int] = None,
                cross_backend: bool = True) -> Any:
    """Probe one rule for a facts dict (as in a finding's JSON `facts`): the Experiment, or why there is none.

    `cross_backend=False` skips the extra Keras torch-backend run of a mistake TensorFlow hides."""
    from lossguard.probe.experiment import check_available, plan_job, run_job

    job = plan_job(rule, facts, backend, steps, seed, single_fix, classes)
    if isinstance(job, str):
        return job
    job.cross_backend = cross_backend
    check_available([job])
    if not cross_backend:
        return run_job(job)
    from lossguard.probe.crossrun import OtherBackend

    extra = OtherBackend(job).start()
    try:
        experiment = run_job(job)
    except BaseException:
        extra.cancel()
        raise
    extra.finish(experiment)
    return experiment


def probe_findings_cli(findings: Sequence[Any], **_: Any) -> None:
    """`lossguard check --probe`: print the probe report of the findings that have a scenario.

    Auto backend and defaults. The report goes to stdout after a text check report; when the check
    writes JSON/SARIF/GitHub output (or to a file), it goes to stderr so that output stays parseable.
    """
    import click

    from lossguard.probe.report import render_text

    stream_err = True
    try:
        params = click.get_current_context().params
        stream_err = params.get("output_format", "text") != "text" or bool(params.get("output_file"))
    except RuntimeError:  # called outside click
        stream_err = False
    try:
        report = probe_findings(findings, progress=True)
    except ProbeUnavailable as err:
        click.echo(f"lossguard: error: {err}", err=True)
        sys.exit(2)
    click.echo("\n" + render_text(report), nl=False, err=stream_err)
