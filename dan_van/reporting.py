"""The work of `danvan report`: inputs (articles, folders, JSON Lines written by `danvan analyze -f jsonl`)
-> analyses -> each article's report, the corpus summary and, on request, the HTML page."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from rich.console import Console

from .errors import InputError
from .inputs.sources import Failure, expand, load, sources, tell
from .language.rules import Rules
from .models import Analysis
from .output import console as new_console
from .output.corpus import Corpus
from .output.files import OutputFile
from .output.labels import Lang
from .output.page import Page
from .output.records import View
from .output.report import render
from .output.summary import summary
from .pipeline import analyze_many

RECORDS = ".jsonl"


@dataclass(frozen=True, slots=True)
class Settings:
    """What the report shows and where the page goes."""

    lang: Lang = Lang.VI
    every: bool = False  # every row (`--all`)
    articles: bool = True  # each article's report before the summary (not with `--summary`)
    html: str | None = None  # the page's path


def records(path: str) -> Iterator[Analysis | Failure]:
    """The analyses of a JSON Lines file that `danvan analyze -f jsonl` wrote; a failed input's record, or a
    line that is no record, is a Failure."""
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield _record(line, f"{path}:{number}")
    except OSError as exc:
        yield Failure(path, f"{path}: cannot be read ({exc.strerror}); check the path")
    except UnicodeDecodeError:
        yield Failure(path, f"{path}: not UTF-8; give the JSON Lines that danvan analyze -f jsonl wrote")


def _record(line: str, where: str) -> Analysis | Failure:
    try:
        record = json.loads(line)
        if "error" in record:
            return Failure(record["source"], record["error"])
        return Analysis.from_record(record)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return Failure(where, f"{where}: not a danvan record ({type(exc).__name__}: {exc}); write it with -f jsonl")


def read(
    paths: Iterable[str], rules: Rules, encoding: str | None = None, jobs: int = 1, sentences: bool = False
) -> Iterator[Analysis | Failure]:
    """Every input in order: JSON Lines files read back, the other inputs analysed (with their sentences when
    `sentences`, for the page)."""
    batch: list[str] = []
    for name in [*expand(paths), None]:
        if name is None or name.endswith(RECORDS):
            if batch:
                yield from analyze_many(sources(batch, encoding), rules, jobs, sentences=sentences)
                batch = []
            if name is not None:
                yield from records(name)
        else:
            batch.append(name)


def source_text(item: Analysis) -> str | None:
    """The text an analysis read back was made from, where its file is still there, for the page's sentences."""
    if item.sentences or not os.path.isfile(item.source):
        return None
    try:
        return load(item.source, item.encoding).text
    except InputError:
        return None


def run(
    items: Iterable[Analysis | Failure],
    console: Console,
    settings: Settings,
    tell: Callable[[Analysis | Failure], None] = lambda item: None,
) -> Corpus:
    """Report every item as it comes, then the summary (for more than one input); write the page."""
    started = time.monotonic()
    corpus = Corpus()
    page = Page(settings.lang) if settings.html else None
    count = 0
    for item in items:
        tell(item)
        count += 1
        if page is not None:
            page.add(item, source_text(item) if isinstance(item, Analysis) else None)
        if isinstance(item, Analysis):
            item = replace(item, sentences=())  # the rest needs the findings only
            if settings.articles:
                render(console, item, View.ANALYSIS, settings.lang, settings.every)
        corpus.add(item)
    corpus.seconds = time.monotonic() - started
    if count > 1 or not settings.articles:
        summary(console, corpus, settings.lang, settings.every)
    if page is not None and settings.html:
        write_page(settings.html, page.html())
    return corpus


def report_paths(
    paths: Iterable[str],
    rules: Rules,
    settings: Settings,
    err: Callable[[str], None],
    encoding: str | None = None,
    jobs: int = 1,
) -> int:
    """`danvan report`: the report of every input on stdout, failures and warnings through `err`; how many
    inputs failed."""
    failed = 0

    def told(item: Analysis | Failure) -> None:
        nonlocal failed
        failed += tell(item, err)

    console = new_console()
    run(read(paths, rules, encoding, jobs, sentences=bool(settings.html)), console, settings, told)
    if settings.html:
        err(f"wrote {settings.html} ({os.path.getsize(settings.html) / 1024:.0f} kB)")
    return failed


def write_page(path: str, html: str) -> int:
    """Write the page whole or not at all (as `--output` files are written); its size in bytes."""
    out = OutputFile(path)
    try:
        out.stream.write(html)
    except OSError as exc:
        out.discard()
        raise out.error(exc) from None
    out.commit()
    return len(html.encode("utf-8"))
