"""The `lossguard` command line (click).

Exit status everywhere: 0 no findings, 1 findings, 2 usage, configuration or internal error (and
files that could not be read: nothing is silently skipped).
"""

from __future__ import annotations

import os
import sys
from typing import Optional

import click

from lossguard import __version__

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(message: str) -> None:
    click.echo(f"lossguard: error: {message}", err=True)
    sys.exit(2)


class Terminated(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C (finally blocks run, workers are stopped)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


def _install_signal_handlers() -> None:
    import signal

    for name, handler in (("SIGINT", signal.default_int_handler), ("SIGTERM", _terminate), ("SIGHUP", _terminate)):
        number = getattr(signal, name, None)
        current = signal.getsignal(number) if number is not None else None
        if number is not None and (current in (signal.SIG_DFL, None) or getattr(current, "__name__", "") == "_early_exit"):
            try:
                signal.signal(number, handler)
            except (ValueError, OSError):  # not the main thread
                pass


class LazyGroup(click.Group):
    """Subcommands of other layers, imported only when run (or listed by --help): the static
    `check` path never imports the probe.

    Whatever a command raises ends as one line on stderr: an interrupt exits 130 (SIGINT), 143
    (SIGTERM) or 129 (SIGHUP); an internal error exits 2 (LOSSGUARD_DEBUG=1 shows the traceback)."""

    lazy = {"probe": "lossguard.probe.command:probe"}

    def main(self, *args, **kwargs):  # type: ignore[override]
        _install_signal_handlers()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _stopped("interrupted", 130)
        except Terminated as stop:
            import signal

            _stopped(f"terminated ({signal.Signals(stop.signum).name})", 128 + stop.signum)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            _quiet_stdout()
            click.echo("lossguard: error: cannot write the output (broken pipe)", err=True)
            sys.exit(2)
        except Exception as err:  # RecursionError and MemoryError included
            if os.environ.get("LOSSGUARD_DEBUG") == "1":
                raise
            click.echo(f"lossguard: internal error: {type(err).__name__}: {err}".splitlines()[0][:500], err=True)
            sys.exit(2)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:  # type: ignore[override]
        """Each command's first sentence in full, wrapped (click cuts it to fit one line)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, name: str) -> Optional[click.Command]:
        if name in self.lazy and name not in self.commands:
            import importlib

            module, attr = self.lazy[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="lossguard")
def main() -> None:
    """lossguard: catch loss-function mistakes in Keras and PyTorch code before training."""


def resolve_settings(paths: tuple[str, ...], config: Optional[str], isolated: bool, select: tuple[str, ...],
                     extend_select: tuple[str, ...], ignore: tuple[str, ...], preview: Optional[bool],
                     stdin_filename: Optional[str] = None):
    from lossguard.config.options import resolve
    from lossguard.config.pyproject import ConfigError

    try:
        return resolve(paths, config, isolated, select, extend_select, ignore, preview, stdin_filename)
    except ConfigError as err:
        _fail(str(err))


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "--output-format", "output_format", type=click.Choice(["text", "json", "sarif", "github"]),
              default="text", show_default=True, help="Output format (--output-format: ruff's spelling).")
@click.option("--select", multiple=True, help="Rule codes or prefixes to enable, replacing the configuration (e.g. LG1,LG301).")
@click.option("--extend-select", multiple=True, help="Codes or prefixes to enable on top of the selection.")
@click.option("--ignore", multiple=True, help="Codes or prefixes to disable.")
@click.option("--preview/--no-preview", default=None, help="Enable rules that are still in preview.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this pyproject.toml (or lossguard.toml).")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only (no notes, hints or summary).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported.")
@click.option("--statistics", is_flag=True, help="Show only the number of findings per rule (text or json).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--stdin-filename", help="The name of the file read from stdin (use '-' as PATH).")
@click.option("--force-exclude", is_flag=True, help="Apply exclusions to paths given explicitly too (pre-commit).")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option("--diff", is_flag=True, help="Show the fixes as a diff instead of writing them.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that change model outputs.")
@click.option("--show-fixes", is_flag=True, help="List the fixes --fix applied, or would apply (without --fix).")
@click.option("--add-noqa", is_flag=True, help="Write a `# noqa: LGxxx` comment on each reported line (adopting lossguard).")
@click.option("--show-superseded", is_flag=True,
              help="Also list findings superseded by a more specific one at the same place (not counted).")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text report (auto: on a terminal, unless NO_COLOR; FORCE_COLOR forces it).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Parallel jobs [default: all cores].")
@click.option("--no-cache", is_flag=True, help="Do not read or write the .lossguard_cache folder.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None, help="Where to keep the cache.")
@click.option("--follow-imports/--no-follow-imports", default=None,
              help="Analyse the project modules a checked file imports (default: on; config: follow-imports).")
@click.option("--probe", "run_probe", is_flag=True, help="Also train a tiny reference model for each finding (needs lossguard[probe]).")
def check(paths: tuple[str, ...], output_format: str, select: tuple[str, ...], extend_select: tuple[str, ...],
          ignore: tuple[str, ...], preview: Optional[bool], config_path: Optional[str], isolated: bool, quiet: bool,
          exit_zero: bool, statistics: bool, output_file: Optional[str], stdin_filename: Optional[str],
          force_exclude: bool, fix: bool, diff: bool, unsafe_fixes: bool, show_fixes: bool, add_noqa: bool,
          show_superseded: bool, color: str, jobs: Optional[int], no_cache: bool, cache_dir: Optional[str],
          follow_imports: Optional[bool], run_probe: bool) -> None:
    """Check Python files and notebooks for loss-function mistakes (default: the current folder)."""
    from lossguard.checker.run import run_check
    from lossguard.cli.terminal import color_enabled
    from lossguard.reporting import get_reporter

    use_stdin = paths == ("-",) or (not paths and stdin_filename is not None)
    if "-" in paths and len(paths) > 1:
        _fail("'-' (stdin) cannot be combined with other paths")
    if statistics and output_format not in ("text", "json"):
        _fail(f"--statistics prints a table (--format text) or its JSON (--format json), not {output_format}")
    if add_noqa and (fix or diff or use_stdin or run_probe):
        _fail("--add-noqa edits the checked files: it cannot be combined with --fix, --diff, --probe or stdin")
    stream = sys.stderr if use_stdin and fix and not diff else sys.stdout  # `--fix -` prints the code on stdout
    colored = output_format == "text" and output_file is None and color_enabled(color, stream)
    stdin_data = _read_stdin(echo=fix and not diff) if use_stdin else None
    try:
        settings = resolve_settings(paths, config_path, isolated, select, extend_select, ignore, preview, stdin_filename)
    except SystemExit:
        if stdin_data is not None and fix and not diff:
            sys.stdout.buffer.write(stdin_data)  # an editor keeps its buffer
        raise
    if follow_imports is not None:
        settings.follow_imports = follow_imports
    if use_stdin and force_exclude and stdin_filename:
        from lossguard.sources.discovery import _matches

        if _matches(stdin_filename, tuple(settings.exclude) + tuple(settings.extend_exclude), settings.project_root):
            if fix:
                sys.stdout.buffer.write(stdin_data or b"")
            sys.exit(0)

    if fix or diff:
        from lossguard.fixing.run import run_fix

        code = run_fix(paths or (".",), settings, stdin_data, stdin_filename, diff_only=diff, unsafe=unsafe_fixes,
                       force_exclude=force_exclude, output_format=output_format, quiet=quiet, exit_zero=exit_zero,
                       output_file=output_file, statistics=statistics, show_fixes=show_fixes, color=colored,
                       show_superseded=show_superseded)
        sys.exit(code)
    if add_noqa:
        from lossguard.fixing.noqa import run_add_noqa

        sys.exit(run_add_noqa(paths or (".",), settings, force_exclude=force_exclude, quiet=quiet))
    if show_fixes and not statistics:  # what --fix would do: the fixer runs without writing
        from lossguard.fixing.run import run_fix

        code = run_fix(paths or (".",), settings, stdin_data, stdin_filename, diff_only=False, unsafe=unsafe_fixes,
                       force_exclude=force_exclude, output_format=output_format, quiet=quiet, exit_zero=exit_zero,
                       output_file=output_file, statistics=False, show_fixes=True, color=colored,
                       show_superseded=show_superseded, dry_run=True)
        sys.exit(code)

    cache = None
    if not no_cache and not use_stdin:
        from lossguard.checker.cache import Cache

        cache = Cache.open(cache_dir, paths or (".",), settings)
    report = run_check(paths or (".",), settings, jobs=jobs or (os.cpu_count() or 1), force_exclude=force_exclude,
                       stdin_data=stdin_data, stdin_filename=stdin_filename, cache=cache)
    if cache is not None:
        cache.save()
    for problem in report.problems:
        click.echo(f"lossguard: {problem.path}: {problem.message}", err=True)
    out = get_reporter(output_format)(report.findings, report.problems, {
        "quiet": quiet, "statistics": statistics, "files_checked": report.files_checked, "color": colored,
        "unsafe_fixes": unsafe_fixes, "superseded": report.superseded, "show_superseded": show_superseded,
    })
    if output_file:
        from lossguard.reporting import write_output

        failure = write_output(output_file, out)
        if failure is not None:
            _fail(failure)
    else:
        click.echo(out, nl=False, color=colored or None)  # click strips colour off a pipe otherwise
    if run_probe and report.findings:
        from lossguard.probe.api import probe_findings_cli

        probe_findings_cli(report.findings, output_format=output_format, output_file=output_file)
    if any(p.fatal for p in report.problems):
        sys.exit(2)
    if report.findings and not exit_zero:
        sys.exit(1)
    sys.exit(0)


def _read_stdin(echo: bool) -> bytes:
    """Standard input, bounded like files. `--fix -` over the limit passes the input through
    unchanged (streamed, memory stays bounded) before failing."""
    from lossguard.sources.files import SourceError
    from lossguard.sources.read import InputTooLarge, read_stdin

    try:
        return read_stdin()
    except InputTooLarge as err:
        if echo:
            import shutil

            sys.stdout.buffer.write(err.head)
            shutil.copyfileobj(sys.stdin.buffer, sys.stdout.buffer, 1 << 20)
            sys.stdout.flush()
        _fail(f"-: {err}")
    except SourceError as err:
        _fail(f"-: {err}")
    raise AssertionError("unreachable")  # pragma: no cover


def _stopped(what: str, status: int) -> None:
    try:
        click.echo(f"lossguard: {what}", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    if sys.stdout is sys.__stdout__:
        # the real command line: exit now. (CPython remembers a KeyboardInterrupt that crossed an
        # exec() of a string — dataclasses are built that way — and would end the process with
        # SIGINT instead of this status.) An embedding host (click's test runner) keeps running.
        os._exit(status)
    sys.exit(status)


def _quiet_stdout() -> None:
    """After a broken pipe, nothing more reaches stdout (not even the interpreter's final flush)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@main.command("rules", context_settings=CONTEXT)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(output_format: str) -> None:
    """List every rule: code, name, severity, fixability."""
    import json

    from lossguard.rules import load_rules as all_rules

    rows = [{"code": r.code, "name": r.name, "severity": r.severity, "fixable": r.fixable or "no",
             "preview": r.preview, "summary": r.summary} for r in all_rules()]
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'code':<6} {'name':<48} {'severity':<8} {'fix':<9} summary")
    for row in rows:
        name = row["name"] + (" (preview)" if row["preview"] else "")
        click.echo(f"{row['code']:<6} {name:<48} {row['severity']:<8} {row['fixable']:<9} {row['summary']}")


@main.command(context_settings=CONTEXT)
@click.argument("rule")
@click.option("--format", "--output-format", "output_format", type=click.Choice(["markdown", "text", "json"]),
              default=None, help="markdown: the raw document; text: rendered for a terminal; json: metadata and "
                                 "document [default: text on a terminal, else markdown].")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour in the text rendering (auto: a terminal, unless NO_COLOR; FORCE_COLOR forces it).")
def explain(rule: str, output_format: Optional[str], color: str) -> None:
    """Show a rule's documentation and examples, by code or by name.

    `lossguard explain LG101`, `lossguard explain softmax-on-single-unit`. On a terminal the Markdown
    is rendered (headings, code blocks); piped or redirected, it is printed as it is."""
    import json

    from lossguard.cli.terminal import color_enabled
    from lossguard.reporting.explain import find_rule, render_terminal, rule_json, rule_markdown

    found = find_rule(rule)
    if found is None:
        _fail(f"unknown rule {rule!r}: give a code (LG101) or a name (softmax-on-single-unit); see `lossguard rules`")
        return
    if output_format is None:
        output_format = "text" if _isatty(sys.stdout) else "markdown"
    if output_format == "json":
        click.echo(json.dumps(rule_json(found), indent=2))
    elif output_format == "text":
        colored = color_enabled(color, sys.stdout)
        click.echo(render_terminal(rule_markdown(found), color=colored), nl=False, color=colored or None)
    else:
        click.echo(rule_markdown(found), nl=False)


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False

