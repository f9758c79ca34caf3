"""Command line: options -> sources -> pipeline -> writer; errors -> exit codes (0 ok, 1 failed input, 2 usage)."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
from collections.abc import Callable, Iterator

import click

from . import __version__
from .errors import DanVanError, OutputError
from .output import Format


def _err(message: str) -> None:
    click.echo(f"danvan: {message}", err=True)


def _warn(message: str) -> None:
    _err(f"warning: {message}")


class _Jobs(click.ParamType):
    """`-j N` (1 to 64) or `-j auto`: the cores this process may use."""

    name = "N|auto"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            return value
        if str(value).strip().lower() == "auto":
            from .pipeline import usable_cores

            return usable_cores()
        try:
            number = int(value)
        except ValueError:
            self.fail(f"{value!r} is neither a number nor 'auto'", param, ctx)
        if not 1 <= number <= MAX_JOBS:
            self.fail(f"{number} is not between 1 and {MAX_JOBS}; -j auto uses the usable cores", param, ctx)
        return number


MAX_JOBS = 64


def output_options(func: Callable) -> Callable:
    """Options shared by every command."""

    # Inputs are checked when read, each failure reported with the others still analysed: no usage error here.
    @click.argument("paths", nargs=-1, type=click.Path(readable=False))
    @click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice([f.value for f in Format]),
        default=None,
        help="Output format. Default: a report on a terminal, jsonl when piped (segment: text, one sentence a line).",
    )
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True),
        default=None,
        help="Write to FILE (replaced only when the run completes; through a symlink; streamed into a FIFO).",
    )
    @click.option(
        "--rules",
        "rules_files",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        help="YAML file of extra extraction rules laid over the packaged ones (see README). Repeatable.",
    )
    @click.option(
        "--gazetteer",
        "gazetteer_files",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        help="YAML file of extra places, organisations, titles laid over the packaged gazetteers. Repeatable.",
    )
    @click.option(
        "--encoding", default=None, metavar="NAME", help="Force the input encoding (utf-8, utf-16, cp1258, tcvn3, vni)."
    )
    @click.option(
        "-j",
        "--jobs",
        default=1,
        show_default=True,
        type=_Jobs(),
        help="Worker processes, or 'auto' for the usable cores; output order is input order whatever the number.",
    )
    @functools.wraps(func)
    def wrapper(**kwargs):
        return func(**kwargs)

    return wrapper


def _run(view_name: str, paths, fmt, output, rules_files, gazetteer_files, encoding, jobs, pos=False) -> None:
    from .inputs.sources import expand, load_each
    from .output import View, Writer
    from .pipeline import analyze_many

    rules = _rules(rules_files, gazetteer_files, encoding)
    view = View(view_name)
    fmt = _format(fmt, view, output)
    names = list(expand(paths or _stdin(), warn=_warn))
    jobs = _jobs(jobs, len(names))
    sink = _open(output)
    failed = 0
    # A progress bar only where a person watches stderr and the data goes elsewhere.
    show = len(names) > 1 and sys.stderr.isatty() and not (output is None and sys.stdout.isatty())
    try:
        stream, label = (sink.stream, sink.label) if sink else (sys.stdout, "standard output")
        writer = Writer(stream, fmt, view, pos=pos, label=label)
        with _progress(show, len(names)) as advance:
            items = load_each(names, encoding)
            for item in analyze_many(items, rules, jobs, sentences=view is View.SEGMENT, warn=_warn):
                _check_stopped()
                failed += _tell(item)
                writer.write(item)
                advance()
        writer.close()
        _check_stopped()  # the last point before the output is replaced
        if sink:
            sink.commit()
    except OutputError as exc:
        if sink is None:
            _quiet_stdout()  # what is still buffered for stdout could not be written either
        _err(str(exc))
        raise SystemExit(1) from None
    except DanVanError as exc:
        _err(str(exc))
        raise SystemExit(1) from None
    except BrokenPipeError:  # here, before click's own handling, which exits with 1
        _quiet_stdout()
        raise SystemExit(0) from None
    finally:
        if sink:
            sink.discard()
    if failed:
        raise SystemExit(1)


def _stdin() -> tuple[str, ...]:
    if sys.stdin is None or sys.stdin.isatty():
        raise click.UsageError("name at least one file, folder or glob, or '-' to read standard input")
    return ("-",)


def _rules(rules_files, gazetteer_files, encoding):
    """The rules the run uses, and the encoding it was told checked: either wrong is a usage error."""
    from .language.load import load_rules

    try:
        rules = load_rules(rules_files, gazetteer_files)
        if encoding:
            from .inputs.decoding import decode

            decode(b"", encoding=encoding, name="--encoding")
    except DanVanError as exc:
        raise click.UsageError(str(exc)) from None
    return rules


def _format(fmt: str | None, view, output: str | None) -> Format:
    if fmt is None and view.value == "segment":
        fmt = "text"
    if fmt is None:
        fmt = "table" if output is None and sys.stdout.isatty() else "jsonl"
    return Format(fmt)


def _jobs(jobs: int, inputs: int) -> int:
    """Workers for `inputs` documents: never more than there are documents; a warning above the cores."""
    if jobs > 1:
        from .pipeline import usable_cores

        cores = usable_cores()
        if jobs > cores:
            _warn(
                f"-j {jobs} is more than the {cores} usable cores: each worker holds its own models, so the extra "
                "ones only cost memory and time; -j auto uses the cores"
            )
    return max(1, min(jobs, inputs))


def _open(output: str | None):
    """The `--output` file, ready for writing, or None for stdout; a file that cannot be made is a usage error."""
    if output is None:
        return None
    from .output.files import OutputFile

    try:
        return OutputFile(output)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from None


def _tell(item) -> int:
    """Report an input's failure or warnings on stderr; 1 if it failed."""
    from .inputs.sources import Failure

    if isinstance(item, Failure):
        _err(item.message)
        return 1
    for warning in item.warnings:
        _warn(warning)
    return 0


@contextlib.contextmanager
def _progress(show: bool, total: int) -> Iterator[Callable[[], None]]:
    """A transient progress bar on stderr, or nothing."""
    if not show:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("analysing", total=total)
        yield lambda: progress.advance(task)


def _quiet_stdout() -> None:
    """The reader went away (`| head`): nothing more to say; silence Python's flush at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


EXAMPLE = (
    "\b\nExamples:\n  danvan {cmd} seeds/*.txt\n  danvan {cmd} corpus/ --format jsonl | jq .{field}\n"
    "  cat article.txt | danvan {cmd} -"
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="danvan")
def main() -> None:
    """Analyse Vietnamese news articles: sentences, words, entities and key figures.

    \b
    Example:
      danvan analyze seeds/*.txt
    """


@main.command(epilog=EXAMPLE.format(cmd="analyze", field="figures"))
@output_options
def analyze(**kwargs) -> None:
    """Everything: sentences, words, entities, quantities, conferences and donations."""
    _run("analysis", **kwargs)


@main.command(epilog=EXAMPLE.format(cmd="figures", field="donations"))
@output_options
def figures(**kwargs) -> None:
    """Key figures only: quantities, conferences held and donations received."""
    _run("figures", **kwargs)


@main.command(epilog=EXAMPLE.format(cmd="entities", field="entities"))
@output_options
def entities(**kwargs) -> None:
    """Named entities only: people, organisations and places, with canonical names."""
    _run("entities", **kwargs)


@main.command(epilog=EXAMPLE.format(cmd="segment --pos", field="sentences"))
@output_options
@click.option("--pos", is_flag=True, help="Add each word's part-of-speech tag (`Sở/N`).")
def segment(**kwargs) -> None:
    """Sentences and words (`Lãnh_đạo Sở Y_tế ...`) with their POS tags."""
    _run("segment", **kwargs)


class _Stopped(BaseException):
    """TERM or HUP arrived: unwind like Ctrl-C (no half-written output, no worker left), then exit 128 + N.

    A BaseException, as KeyboardInterrupt, so that no `except Exception` on the way takes it for an error."""

    def __init__(self, number: int):
        super().__init__(number)
        self.number = number


_STOPPED: list[int] = []


def _stop(number: int, frame) -> None:
    signal.signal(number, signal.SIG_DFL)  # a second one ends the process at once
    _STOPPED.append(number)
    raise _Stopped(number)


def _check_stopped() -> None:
    """A signal whose exception was lost on the way (a library that swallows exceptions) stops the run here."""
    if _STOPPED:
        raise _Stopped(_STOPPED[0])


def _catch_signals() -> None:
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        # A signal already ignored (nohup ignores HUP) stays ignored.
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, _stop)


def run() -> None:
    """Entry point: quiet on a closed pipe; Ctrl-C, TERM and HUP end with one line and 128 + the signal."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    _catch_signals()
    try:
        main.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else 1)
    except click.Abort:
        _err("interrupted")
        sys.exit(130)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except _Stopped as stopped:
        _err(f"stopped by {signal.Signals(stopped.number).name}")
        sys.exit(128 + stopped.number)
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(0)
    except DanVanError as exc:
        _err(str(exc))
        sys.exit(1)
    except OSError as exc:  # the system refused something (no process could be started, no memory): say what
        _err(f"{exc.strerror or exc}; nothing was written to --output")
        sys.exit(1)
