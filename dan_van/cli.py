"""Command line: options -> sources -> pipeline -> writer; errors -> exit codes (0 ok, 1 failed input, 2 usage)."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import tempfile
from collections.abc import Callable, Iterator

import click

from . import __version__
from .errors import DanVanError
from .output import Format


def _err(message: str) -> None:
    click.echo(f"danvan: {message}", err=True)


def output_options(func: Callable) -> Callable:
    """Options shared by every command."""

    @click.argument("paths", nargs=-1, type=click.Path())
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
        help="Write to FILE (replaced only when the run completes) instead of stdout.",
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
        type=click.IntRange(1, 64),
        help="Worker processes; output order is input order whatever the number.",
    )
    @functools.wraps(func)
    def wrapper(**kwargs):
        return func(**kwargs)

    return wrapper


def _run(view_name: str, paths, fmt, output, rules_files, gazetteer_files, encoding, jobs, pos=False) -> None:
    from .inputs.sources import Failure, expand, sources
    from .language.load import load_rules
    from .output import View, Writer
    from .pipeline import analyze_many

    if not paths:
        if sys.stdin is None or sys.stdin.isatty():
            raise click.UsageError("name at least one file, folder or glob, or '-' to read standard input")
        paths = ("-",)
    try:
        rules = load_rules(rules_files, gazetteer_files)
        if encoding:
            from .inputs.decoding import decode

            decode(b"", encoding=encoding, name="--encoding")
    except DanVanError as exc:
        raise click.UsageError(str(exc)) from None
    if fmt is None and view_name == "segment":
        fmt = "text"
    if fmt is None:
        fmt = "table" if output is None and sys.stdout.isatty() else "jsonl"
    view = View(view_name)
    failed = 0
    stream, target = _open_output(output)
    names = list(expand(paths))
    # A progress bar only where a person watches stderr and the data goes elsewhere.
    show = len(names) > 1 and sys.stderr.isatty() and not (output is None and sys.stdout.isatty())
    try:
        writer = Writer(stream, Format(fmt), view, pos=pos)
        with _progress(show, len(names)) as advance:
            for item in analyze_many(sources(names, encoding), rules, jobs, sentences=view is View.SEGMENT):
                if isinstance(item, Failure):
                    failed += 1
                    _err(item.message)
                else:
                    for warning in item.warnings:
                        _err(f"warning: {warning}")
                writer.write(item)
                advance()
        writer.close()
        if output:
            stream.close()
            os.replace(target, output)
            target = None
    except DanVanError as exc:
        _err(str(exc))
        raise SystemExit(1) from None
    except BrokenPipeError:
        _quiet_stdout()
        raise SystemExit(0) from None
    finally:
        if target:
            stream.close()
            os.unlink(target)
    if failed:
        raise SystemExit(1)


def _open_output(output: str | None):
    """The stream to write to, and the temporary file it is (renamed to `output` when the run completes)."""
    if not output:
        return sys.stdout, None
    folder = os.path.dirname(os.path.abspath(output))
    try:
        handle, target = tempfile.mkstemp(prefix=".danvan-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise click.UsageError(f"cannot write {output}: {exc.strerror} ({folder})") from None
    # mkstemp makes a private file; the output gets the permissions any new file would.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(handle, 0o666 & ~umask)
    return os.fdopen(handle, "w", encoding="utf-8", newline=""), target


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


CORPUS_OPTIONS = (
    "db",
    "force",
    "files_from",
    "lines",
    "text_field",
    "id_field",
    "cluster",
    "scheduler",
    "parts",
    "shard",
)
CORPUS_EXAMPLE = (
    "\n\n\b\nCorpora:\n  danvan analyze corpus/ --db corpus.db            (a rerun skips what is unchanged)\n"
    "  find archive -name '*.txt' | danvan analyze --files-from - --db corpus.db\n"
    "  danvan analyze news.jsonl --text-field content --id-field id --db news.db\n"
    "  danvan analyze --lines corpus-full.txt --db binhvq.db --cluster local:2"
)


def corpus_options(func: Callable) -> Callable:
    """Options of `analyze` for corpora: a results store, other input shapes, Dask and shards."""
    options = [
        click.option("--db", metavar="FILE", help="Write the results into this SQLite store; reruns skip unchanged."),
        click.option("--force", is_flag=True, help="With --db: analyse every document again."),
        click.option(
            "--files-from", metavar="FILE", help="Read the paths to analyse from FILE (- for stdin), one a line."
        ),
        click.option("--lines", is_flag=True, help="Each line of the inputs is one document (FILE:N), streamed."),
        click.option("--text-field", default="text", show_default=True, help="Records: the field holding the text."),
        click.option("--id-field", default="id", show_default=True, help="Records: the field naming the document."),
        click.option("--cluster", metavar="local:N", help="With --db: run on a local Dask cluster of N workers."),
        click.option("--scheduler", metavar="ADDRESS", help="With --db: run on the Dask scheduler at tcp://host:8786."),
        click.option("--parts", metavar="DIR", help="Dask: the folder (shared with the workers) of result parts."),
        click.option(
            "--shard", metavar="K/N", help="Only the K-th of N shares of the documents, by name (1 <= K <= N)."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


EXAMPLE = (
    "\b\nExamples:\n  danvan {cmd} seeds/*.txt\n  danvan {cmd} corpus/ --format jsonl | jq .{field}\n"
    "  cat article.txt | danvan {cmd} -"
)


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`--version`: danvan's version and the tagging engine in use (loaded only when asked)."""
    if not value or ctx.resilient_parsing:
        return
    from .nlp import engine

    click.echo(f"danvan {__version__} (tagging engine: {engine.name()})")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version, help="Show the version.")
def main() -> None:
    """Analyse Vietnamese news articles: sentences, words, entities and key figures.

    \b
    Example:
      danvan analyze seeds/*.txt
    """


REPORT_EXAMPLE = (
    "\b\nExamples:\n  danvan report seeds/*.txt\n  danvan report corpus/ --html report.html --lang en\n"
    "  danvan analyze corpus/ -f jsonl -o corpus.jsonl && danvan report corpus.jsonl --summary"
)
_YAML = click.Path(exists=True, dir_okay=False)


def _langs() -> list[str]:
    from .output.labels import Lang

    return [lang.value for lang in Lang]


@main.command(epilog=REPORT_EXAMPLE)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--html", type=click.Path(dir_okay=False), help="Also write one self-contained HTML page there.")
@click.option("--lang", type=click.Choice(_langs()), default="vi", show_default=True, help="Labels: vi or en.")
@click.option("--all", "every", is_flag=True, help="Every row, not the first rows of each list.")
@click.option("--summary", "summary_only", is_flag=True, help="The corpus summary only.")
@click.option("--rules", "rules_files", multiple=True, type=_YAML, help="Extra extraction rules, as for analyze.")
@click.option("--gazetteer", "gazetteer_files", multiple=True, type=_YAML, help="Extra gazetteer, as for analyze.")
@click.option("--encoding", default=None, metavar="NAME", help="Force the input encoding of articles.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
def report(paths, html, lang, every, summary_only, rules_files, gazetteer_files, encoding, jobs) -> None:
    """The report people read: key figures by place and year for each article, a corpus summary, and with
    --html a page with charts. PATHs are articles, folders, globs or JSON Lines files of `danvan analyze`."""
    from .language.load import load_rules
    from .output.labels import Lang
    from .reporting import Settings, report_paths

    if not paths and (sys.stdin is None or sys.stdin.isatty()):
        raise click.UsageError("name at least one article, folder, glob or .jsonl file, or '-' for standard input")
    paths = paths or ("-",)
    if html and not os.path.isdir(os.path.dirname(os.path.abspath(html))):
        raise click.UsageError(f"cannot write {html}: its folder does not exist")
    try:
        rules = load_rules(rules_files, gazetteer_files)
    except DanVanError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        failed = report_paths(paths, rules, Settings(Lang(lang), every, not summary_only, html), _err, encoding, jobs)
    except DanVanError as exc:
        _err(str(exc))
        raise SystemExit(1) from None
    except BrokenPipeError:
        _quiet_stdout()
        raise SystemExit(0) from None
    if failed:
        raise SystemExit(1)


@main.command(epilog=EXAMPLE.format(cmd="analyze", field="figures") + CORPUS_EXAMPLE)
@output_options
@corpus_options
def analyze(**kwargs) -> None:
    """Everything: sentences, words, entities, quantities, conferences and donations."""
    corpus = {name: kwargs.pop(name) for name in CORPUS_OPTIONS}
    if _corpus_wanted(kwargs["paths"], corpus):
        _analyze_corpus(kwargs, corpus)
    else:
        _check_stdin(kwargs["paths"])
        _run("analysis", **kwargs)


@main.command(epilog=EXAMPLE.format(cmd="figures", field="donations"))
@output_options
def figures(**kwargs) -> None:
    """Key figures only: quantities, conferences held and donations received."""
    _check_stdin(kwargs["paths"])
    _run("figures", **kwargs)


@main.command(epilog=EXAMPLE.format(cmd="entities", field="entities"))
@output_options
def entities(**kwargs) -> None:
    """Named entities only: people, organisations and places, with canonical names."""
    _check_stdin(kwargs["paths"])
    _run("entities", **kwargs)


@main.command(epilog=EXAMPLE.format(cmd="segment --pos", field="sentences"))
@output_options
@click.option("--pos", is_flag=True, help="Add each word's part-of-speech tag (`Sở/N`).")
def segment(**kwargs) -> None:
    """Sentences and words (`Lãnh_đạo Sở Y_tế ...`) with their POS tags."""
    _check_stdin(kwargs["paths"])
    _run("segment", **kwargs)


def run() -> None:
    """Entry point: quiet on a closed pipe and on Ctrl-C."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
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
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(0)
    except DanVanError as exc:
        _err(str(exc))
        sys.exit(1)


def _corpus_wanted(paths, corpus: dict) -> bool:
    from .inputs.entries import is_records

    named = (corpus[k] for k in ("db", "force", "files_from", "cluster", "scheduler", "parts", "shard"))
    return any(named) or corpus["lines"] or any(is_records(p) for p in paths)


def _check_stdin(paths) -> None:
    """`ls *.txt | danvan analyze` reads a list of names, not an article: say so, and how to read the files."""
    if paths and tuple(paths) != ("-",) or sys.stdin is None or sys.stdin.isatty():
        return
    from .inputs.filelist import file_names, peek_stdin

    count = file_names(peek_stdin())
    if count:
        raise click.UsageError(
            f"standard input is a list of {count} file name{'s' if count > 1 else ''}, not an article; "
            "to analyse those files, add --files-from -"
        )


def _analyze_corpus(kwargs: dict, corpus: dict) -> None:
    from .corpus import UsageError, run
    from .errors import RulesError

    try:
        failed = run(kwargs, corpus, _open_output)
    except (UsageError, RulesError) as exc:
        raise click.UsageError(str(exc)) from None
    except DanVanError as exc:
        _err(str(exc))
        raise SystemExit(1) from None
    if failed:
        raise SystemExit(1)


@main.command(
    epilog="\b\nExamples:\n  danvan export corpus.db -f jsonl -o out/   (out/analyses.jsonl)\n"
    "  danvan export corpus.db -f parquet -o out/ (a file per table)"
)
@click.argument("db", type=click.Path(dir_okay=False))
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True
)
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False), help="Folder to write to.")
def export(db, fmt, folder) -> None:
    """Write a --db store as JSON Lines (what `analyze -f jsonl` prints), or a CSV or Parquet file per table."""
    from .store.export import ExportFormat
    from .store.export import export as write

    try:
        for path in write(db, ExportFormat(fmt), folder):
            _err(f"wrote {path}")
    except DanVanError as exc:
        _err(str(exc))
        raise SystemExit(1) from None


@main.command(epilog="\b\nExample:\n  danvan merge corpus.db shard-*.db   (after a job array of --shard K/N runs)")
@click.argument("db", type=click.Path(dir_okay=False))
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def merge(db, shards) -> None:
    """Merge --db stores (the shards of a job array) into one; a document's rows replace its old ones."""
    from .store.merge import merge as copy

    try:
        _err(f"merged {copy(db, list(shards))} documents into {db}")
    except DanVanError as exc:
        _err(str(exc))
        raise SystemExit(1) from None
