"""The `lossguard` command line (click)."""

from __future__ import annotations

import os
import sys
from typing import Optional

import click

from lossguard import __version__

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        out.extend(c.strip().upper() for c in value.split(",") if c.strip())
    return tuple(out)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="lossguard")
def main() -> None:
    """lossguard: catch loss-function mistakes in Keras and PyTorch code before training."""


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(["text", "json", "sarif", "github"]),
              default="text", show_default=True, help="Output format.")
@click.option("--select", multiple=True, help="Rule codes or prefixes to enable (e.g. LG1,LG301).")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable.")
@click.option("--extend-select", multiple=True, help="Codes to enable on top of the selection.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only (no hints, no summary).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported.")
@click.option("--statistics", is_flag=True, help="Show the number of findings per rule.")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the report to a file.")
def check(paths: tuple[str, ...], output_format: str, select: tuple[str, ...], ignore: tuple[str, ...],
          extend_select: tuple[str, ...], quiet: bool, exit_zero: bool, statistics: bool,
          output_file: Optional[str]) -> None:
    """Check Python files and notebooks (default: the current folder)."""
    from lossguard.engine import run_check
    from lossguard.reporters import get_reporter
    from lossguard.settings import Settings

    settings = Settings()
    if select:
        settings.select = _codes(select)
    if extend_select:
        settings.extend_select = _codes(extend_select)
    if ignore:
        settings.ignore = _codes(ignore)
    report = run_check(paths or (".",), settings)
    for problem in report.problems:
        click.echo(f"lossguard: {problem.path}: {problem.message}", err=True)
    out = get_reporter(output_format)(report.findings, report.problems, {
        "quiet": quiet, "statistics": statistics, "files_checked": report.files_checked,
        "color": output_format == "text" and output_file is None and sys.stdout.isatty()
        and "NO_COLOR" not in os.environ,
    })
    if output_file:
        with open(output_file, "w", encoding="utf-8") as handle:
            handle.write(out)
    else:
        click.echo(out, nl=False)
    if report.findings and not exit_zero:
        sys.exit(1)
    sys.exit(0)
