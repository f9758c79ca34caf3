"""The commands: analyze, figures, entities, segment, report, export and merge, and the entry point."""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..errors import DanVanError
from . import signals
from .options import (
    CORPUS_EXAMPLE,
    CORPUS_OPTIONS,
    EXAMPLE,
    EXPORT_EXAMPLE,
    MERGE_EXAMPLE,
    REPORT_EXAMPLE,
    YAML_FILE,
    Jobs,
    corpus_options,
    output_options,
)
from .running import analyze_corpus, check_stdin, corpus_wanted, err, quiet_stdout, run_view


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`--version`: danvan's version and the tagging engine in use (loaded only when asked)."""
    if not value or ctx.resilient_parsing:
        return
    from ..nlp import engine

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


@main.command(epilog=EXAMPLE.format(cmd="analyze", field="figures") + CORPUS_EXAMPLE)
@output_options
@corpus_options
def analyze(**kwargs) -> None:
    """Everything: sentences, words, entities, quantities, conferences and donations."""
    corpus = {name: kwargs.pop(name) for name in CORPUS_OPTIONS}
    if corpus_wanted(kwargs["paths"], corpus):
        analyze_corpus(kwargs, corpus)
    else:
        check_stdin(kwargs["paths"])
        run_view("analysis", **kwargs)


@main.command(epilog=EXAMPLE.format(cmd="figures", field="donations"))
@output_options
def figures(**kwargs) -> None:
    """Key figures only: quantities, conferences held and donations received."""
    check_stdin(kwargs["paths"])
    run_view("figures", **kwargs)


@main.command(epilog=EXAMPLE.format(cmd="entities", field="entities"))
@output_options
def entities(**kwargs) -> None:
    """Named entities only: people, organisations and places, with canonical names."""
    check_stdin(kwargs["paths"])
    run_view("entities", **kwargs)


@main.command(epilog=EXAMPLE.format(cmd="segment --pos", field="sentences"))
@output_options
@click.option("--pos", is_flag=True, help="Add each word's part-of-speech tag (`Sở/N`).")
def segment(**kwargs) -> None:
    """Sentences and words (`Lãnh_đạo Sở Y_tế ...`) with their POS tags."""
    check_stdin(kwargs["paths"])
    run_view("segment", **kwargs)


def _langs() -> list[str]:
    from ..output.labels import Lang

    return [lang.value for lang in Lang]


@main.command(epilog=REPORT_EXAMPLE)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--html", type=click.Path(dir_okay=False), help="Also write one self-contained HTML page there.")
@click.option("--lang", type=click.Choice(_langs()), default="vi", show_default=True, help="Labels: vi or en.")
@click.option("--all", "every", is_flag=True, help="Every row, not the first rows of each list.")
@click.option("--summary", "summary_only", is_flag=True, help="The corpus summary only.")
@click.option("--rules", "rules_files", multiple=True, type=YAML_FILE, help="Extra extraction rules, as for analyze.")
@click.option("--gazetteer", "gazetteer_files", multiple=True, type=YAML_FILE, help="Extra gazetteer, as for analyze.")
@click.option("--encoding", default=None, metavar="NAME", help="Force the input encoding of articles.")
@click.option("-j", "--jobs", default=1, show_default=True, type=Jobs(), help="Worker processes, or 'auto'.")
def report(paths, html, lang, every, summary_only, rules_files, gazetteer_files, encoding, jobs) -> None:
    """The report people read: key figures by place and year for each article, a corpus summary, and with
    --html a page with charts. PATHs are articles, folders, globs or JSON Lines files of `danvan analyze`."""
    from ..language.load import load_rules
    from ..output.labels import Lang
    from ..reporting import Settings, report_paths

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
        failed = report_paths(paths, rules, Settings(Lang(lang), every, not summary_only, html), err, encoding, jobs)
    except DanVanError as exc:
        err(str(exc))
        raise SystemExit(1) from None
    except BrokenPipeError:
        quiet_stdout()
        raise SystemExit(0) from None
    if failed:
        raise SystemExit(1)


@main.command(epilog=EXPORT_EXAMPLE)
@click.argument("db", type=click.Path(dir_okay=False))
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True
)
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False), help="Folder to write to.")
def export(db, fmt, folder) -> None:
    """Write a --db store as JSON Lines (what `analyze -f jsonl` prints), or a CSV or Parquet file per table."""
    from ..store.export import ExportFormat
    from ..store.export import export as write

    try:
        for path in write(db, ExportFormat(fmt), folder):
            err(f"wrote {path}")
    except DanVanError as exc:
        err(str(exc))
        raise SystemExit(1) from None


@main.command(epilog=MERGE_EXAMPLE)
@click.argument("db", type=click.Path(dir_okay=False))
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def merge(db, shards) -> None:
    """Merge --db stores (the shards of a job array) into one; a document's rows replace its old ones."""
    from ..store.merge import merge as copy

    try:
        err(f"merged {copy(db, list(shards))} documents into {db}")
    except DanVanError as exc:
        err(str(exc))
        raise SystemExit(1) from None


def run() -> None:
    """Entry point: quiet on a closed pipe; Ctrl-C, TERM and HUP end with one line and 128 + the signal."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    signals.catch_signals()
    try:
        main.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else 1)
    except (click.Abort, KeyboardInterrupt):
        err("interrupted")
        sys.exit(130)
    except signals.Stopped as stopped:
        err(f"stopped by {signals.name(stopped.number)}")
        sys.exit(128 + stopped.number)
    except BrokenPipeError:
        quiet_stdout()
        sys.exit(0)
    except DanVanError as exc:
        err(str(exc))
        sys.exit(1)
    except OSError as exc:  # the system refused something (no process could be started, no memory): say what
        err(f"{exc.strerror or exc}; nothing was written to --output")
        sys.exit(1)
