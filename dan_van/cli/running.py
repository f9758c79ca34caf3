"""The work of one run of a command, from its options to its exit: rules, inputs, workers, the output file."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator

import click

from ..errors import DanVanError, OutputError
from ..output import Format
from .signals import check_stopped


def err(message: str) -> None:
    click.echo(f"danvan: {message}", err=True)


def warn(message: str) -> None:
    err(f"warning: {message}")


def run_view(view_name: str, paths, fmt, output, rules_files, gazetteer_files, encoding, jobs, pos=False) -> None:
    from ..inputs.sources import expand, load_each, tell
    from ..output import View, Writer
    from ..pipeline import analyze_many

    rules = _rules(rules_files, gazetteer_files, encoding)
    view = View(view_name)
    fmt = _format(fmt, view, output)
    names = list(expand(paths or _stdin(), warn=warn))
    jobs = _jobs(jobs, len(names))
    sink = open_output(output)
    failed = 0
    # A progress bar only where a person watches stderr and the data goes elsewhere.
    show = len(names) > 1 and sys.stderr.isatty() and not (output is None and sys.stdout.isatty())
    try:
        stream, label = (sink.stream, sink.label) if sink else (sys.stdout, "standard output")
        writer = Writer(stream, fmt, view, pos=pos, label=label)
        with _progress(show, len(names)) as advance:
            items = load_each(names, encoding)
            for item in analyze_many(items, rules, jobs, sentences=view is View.SEGMENT, warn=warn):
                check_stopped()
                failed += tell(item, err)
                writer.write(item)
                advance()
        writer.close()
        check_stopped()  # the last point before the output is replaced
        if sink:
            sink.commit()
    except OutputError as exc:
        if sink is None:
            quiet_stdout()  # what is still buffered for stdout could not be written either
        err(str(exc))
        raise SystemExit(1) from None
    except DanVanError as exc:
        err(str(exc))
        raise SystemExit(1) from None
    except BrokenPipeError:  # here, before click's own handling, which exits with 1
        quiet_stdout()
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
    from ..language.load import load_rules

    try:
        rules = load_rules(rules_files, gazetteer_files)
        if encoding:
            from ..inputs.decoding import decode

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
        from ..pipeline import usable_cores

        cores = usable_cores()
        if jobs > cores:
            warn(
                f"-j {jobs} is more than the {cores} usable cores: each worker holds its own models, so the extra "
                "ones only cost memory and time; -j auto uses the cores"
            )
    return max(1, min(jobs, inputs))


def open_output(output: str | None):
    """The `--output` file, ready for writing, or None for stdout; a file that cannot be made is a usage error."""
    if output is None:
        return None
    from ..output.files import OutputFile

    try:
        return OutputFile(output)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from None


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


def quiet_stdout() -> None:
    """The reader went away (`| head`): nothing more to say; silence Python's flush at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def corpus_wanted(paths, corpus: dict) -> bool:
    from ..inputs.entries import is_records

    named = (corpus[k] for k in ("db", "force", "files_from", "cluster", "scheduler", "parts", "shard"))
    return any(named) or corpus["lines"] or any(is_records(p) for p in paths)


def check_stdin(paths) -> None:
    """`ls *.txt | danvan analyze` reads a list of names, not an article: say so, and how to read the files."""
    if paths and tuple(paths) != ("-",) or sys.stdin is None or sys.stdin.isatty():
        return
    from ..inputs.filelist import file_names, peek_stdin

    count = file_names(peek_stdin())
    if count:
        raise click.UsageError(
            f"standard input is a list of {count} file name{'s' if count > 1 else ''}, not an article; "
            "to analyse those files, add --files-from -"
        )


def analyze_corpus(kwargs: dict, corpus: dict) -> None:
    from ..corpus import UsageError, run
    from ..errors import RulesError

    try:
        failed = run(kwargs, corpus, open_output)
    except (UsageError, RulesError) as exc:
        raise click.UsageError(str(exc)) from None
    except DanVanError as exc:
        err(str(exc))
        raise SystemExit(1) from None
    if failed:
        raise SystemExit(1)
