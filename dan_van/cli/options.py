"""The options the commands share: output options for every command, corpus options for `analyze`."""

from __future__ import annotations

import functools
from collections.abc import Callable

import click

from ..output import Format


class Jobs(click.ParamType):
    """`-j N` (1 to 64) or `-j auto`: the cores this process may use."""

    name = "N|auto"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            return value
        if str(value).strip().lower() == "auto":
            from ..pipeline import usable_cores

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
        type=Jobs(),
        help="Worker processes, or 'auto' for the usable cores; output order is input order whatever the number.",
    )
    @functools.wraps(func)
    def wrapper(**kwargs):
        return func(**kwargs)

    return wrapper


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


REPORT_EXAMPLE = (
    "\b\nExamples:\n  danvan report seeds/*.txt\n  danvan report corpus/ --html report.html --lang en\n"
    "  danvan analyze corpus/ -f jsonl -o corpus.jsonl && danvan report corpus.jsonl --summary"
)
EXPORT_EXAMPLE = (
    "\b\nExamples:\n  danvan export corpus.db -f jsonl -o out/   (out/analyses.jsonl)\n"
    "  danvan export corpus.db -f parquet -o out/ (a file per table)"
)
MERGE_EXAMPLE = "\b\nExample:\n  danvan merge corpus.db shard-*.db   (after a job array of --shard K/N runs)"
YAML_FILE = click.Path(exists=True, dir_okay=False)
