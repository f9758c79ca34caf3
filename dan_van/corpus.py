"""A run over a corpus: documents of any input shape -> an engine (`-j` processes, Dask, a shard) -> a store or
a writer. The command line calls it for `--db`, `--files-from`, `--lines`, records, `--cluster` and `--shard`.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .errors import DanVanError
from .inputs.entries import Entry, Shape
from .inputs.sources import Failure, tell
from .language.rules import Rules
from .models import Analysis, Source
from .store.fingerprint import RuleFiles
from .store.runs import Counts, Plan


class UsageError(DanVanError):
    """Options that do not go together, or a malformed one: the command line exits 2."""


@dataclass(frozen=True)
class Corpus:
    """What to read and how: the paths, a list of paths, the input shape, a shard of the documents."""

    paths: tuple[str, ...] = ()
    files_from: str | None = None
    shape: Shape = field(default_factory=Shape)
    shard: tuple[int, int] | None = None  # K of N, 1-based

    def names(self) -> Iterator[str]:
        """The paths named on the command line, then those of the list, streamed."""
        from .inputs.filelist import listed

        yield from self.paths
        if self.files_from is not None:
            yield from listed(self.files_from)

    def entries(self) -> Iterator[Entry]:
        """Every document, in input order; with a shard, only the shard's."""
        from .inputs.documents import documents

        return documents(self.names(), self.shape, None if self.shard is None else in_shard(*self.shard))


def parse_shard(text: str) -> tuple[int, int]:
    """`K/N` (1 <= K <= N) as a pair; UsageError otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise UsageError(f"--shard {text}: give K/N with 1 <= K <= N, e.g. --shard 3/8")
    return int(match[1]), int(match[2])


def in_shard(k: int, n: int) -> Callable[[str], bool]:
    """Whether a document (by its name, so that it stays in its shard when its text changes) is in shard K of N."""

    def keep(name: str) -> bool:
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).digest()
        return int.from_bytes(digest[:8], "big") % n == k - 1

    return keep


def local_engine(jobs: int) -> Callable[[Iterable[Source | Failure], Rules], Iterator[Analysis | Failure]]:
    """Analyses in input order on `jobs` processes of this machine."""

    def engine(items: Iterable[Source | Failure], rules: Rules) -> Iterator[Analysis | Failure]:
        from .pipeline import analyze_many

        return analyze_many(items, rules, jobs, sentences=False)

    return engine


def into_store(corpus: Corpus, db: str, plan: Plan, jobs: int = 1, cluster: str | None = None, parts=None) -> Counts:
    """Analyse the corpus into the store at `db`: locally, or on a Dask cluster (`local:N` or an address)."""
    from .store.database import Store
    from .store.runs import run

    store = Store(db)
    counts = Counts()
    try:
        if cluster is None:
            run(corpus.entries(), store, plan, local_engine(jobs), counts)
        else:
            from .cluster.client import run_on_cluster

            run_on_cluster(corpus.entries(), store, plan, cluster, parts or f"{db}.parts", counts)
    finally:
        store.close()
    return counts


def into_writer(corpus: Corpus, rule_files: RuleFiles, jobs: int, write: Callable[[Analysis | Failure], None]):
    """Analyse the corpus and give each result, in input order, to `write`."""
    from .pipeline import analyze_many

    encoding = corpus.shape.encoding
    items = (entry.source(encoding) for entry in corpus.entries())
    for item in analyze_many(items, rule_files.load(), jobs, sentences=False):
        write(item)


def say(message: str) -> None:
    """One line on stderr."""
    print(f"danvan: {message}", file=sys.stderr, flush=True)


def run(options: dict, corpus: dict, open_output: Callable) -> int:
    """The command line's corpus run: `options` are the output options, `corpus` the corpus options; the
    number of documents that failed. `open_output(FILE)` gives the OutputFile for `-o FILE` (None: stdout)."""
    work, plan, cluster = _checked(options, corpus)
    if corpus["db"]:
        counts = into_store(work, corpus["db"], plan, options["jobs"], cluster, corpus["parts"])
        say(counts.line())
        return counts.failed
    return _into_output(work, plan.rule_files, options, open_output)


def _checked(options: dict, corpus: dict) -> tuple[Corpus, Plan, str | None]:
    paths, db = tuple(options["paths"]), corpus["db"]
    if not paths and not corpus["files_from"]:
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError("name at least one file, folder or glob, or '-' to read standard input")
        paths = ("-",)
    cluster = _cluster(corpus)
    if db and (options["fmt"] or options["output"]):
        raise UsageError("--db writes the results into the store; read them with `danvan export`")
    if corpus["force"] and not db:
        raise UsageError("--force re-analyses what a --db store holds; name the store with --db")
    encoding = options["encoding"]
    if encoding:
        from .inputs.decoding import decode

        decode(b"", encoding=encoding, name="--encoding")
    shape = Shape(corpus["text_field"], corpus["id_field"], corpus["lines"], encoding)
    shard = parse_shard(corpus["shard"]) if corpus["shard"] else None
    rule_files = RuleFiles.read(options["rules_files"], options["gazetteer_files"])
    return Corpus(paths, corpus["files_from"], shape, shard), Plan(rule_files, encoding, corpus["force"]), cluster


def _cluster(corpus: dict) -> str | None:
    if corpus["cluster"] and corpus["scheduler"]:
        raise UsageError("give --cluster local:N or --scheduler ADDRESS, not both")
    cluster = corpus["cluster"] or corpus["scheduler"]
    if cluster and not corpus["db"]:
        raise UsageError("--cluster and --scheduler merge their results into a store; add --db FILE")
    if corpus["cluster"] and not re.fullmatch(r"local:[1-9]\d*", corpus["cluster"]):
        raise UsageError(f"--cluster {corpus['cluster']}: give local:N, e.g. local:2 (a remote one: --scheduler)")
    if corpus["parts"] and not cluster:
        raise UsageError("--parts is where Dask workers write; add --cluster or --scheduler")
    return cluster


def _into_output(work: Corpus, rule_files: RuleFiles, options: dict, open_output: Callable) -> int:
    from .output import Format, View, Writer

    output = options["output"]
    fmt = options["fmt"] or ("table" if output is None and sys.stdout.isatty() else "jsonl")
    sink = open_output(output)  # an OutputFile, or None for stdout
    stream, label = (sink.stream, sink.label) if sink else (sys.stdout, "standard output")
    failed = 0

    def write(item: Analysis | Failure) -> None:
        nonlocal failed
        failed += tell(item, say)
        writer.write(item)

    try:
        writer = Writer(stream, Format(fmt), View.ANALYSIS, label=label)
        into_writer(work, rule_files, options["jobs"], write)
        writer.close()
        if sink:
            sink.commit()
    finally:
        if sink:
            sink.discard()
    return failed
