"""The pipeline: one `Source` in, one `Analysis` out; `analyze_many` keeps input order over a process pool.

    analyze = clean -> annotate (sentences, words, tags) -> entities -> figures -> donations

a paragraph at a time, so that memory follows the longest paragraph, not the input.

With `jobs` > 1 the documents go to worker processes. A worker that dies (killed, out of memory) costs no
document: the pool is rebuilt and the documents it held are analysed again, one at a time, so that a
document that kills its worker twice is reported as failed alone. Workers leave signals to the parent,
which stops them, and on Linux die with it even when it is killed outright.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from . import figures as key_figures
from .entities import agree, find_entities
from .errors import AlignmentError, DanVanError, InputError
from .inputs.headers import read_headers
from .inputs.sources import Failure, load, shown
from .language.load import packaged_rules
from .language.rules import Rules
from .models import Analysis, Donation, Entity, Figure, Sentence, Source
from .nlp.annotate import paragraphs


def analyze(source: Source, rules: Rules | None = None, sentences: bool = True) -> Analysis:
    """Everything danvan finds in one document; `sentences=False` keeps only the counts of sentences and
    words, so that memory holds the findings, not the tagged text."""
    _check_text(source)
    rules = rules or packaged_rules()
    source = read_headers(source, rules)
    kept: list[Sentence] = []
    figures: list[Figure] = []
    donations: list[Donation] = []
    entities: list[Entity] = []
    words = count = 0
    spans: dict[int, tuple[int, int]] = {}  # each sentence's span, for the places of conferences
    carry = None  # a list of gifts left open at the end of a line, going on in the next
    for cleaned, para in paragraphs(source, rules):
        found = find_entities(para, rules, text=source.text)
        figs = key_figures.figures(para, cleaned, source.text, rules)
        figures.extend(figs)
        entities.extend(found)
        gifts, carry = key_figures.donations(para, figs, found, rules, carry)
        donations.extend(gifts)
        words += sum(len(s.tokens) for s in para)
        count += len(para)
        spans.update((s.index, (s.start, s.end)) for s in para)
        if sentences:
            kept.extend(para)
    warnings = () if source.text.strip() else (f"{source.name}: empty input; nothing to analyse",)
    agreed = agree(entities, rules)
    placed_figures, placed_donations = key_figures.placed(figures, donations, agreed, spans, source.text, rules)
    return Analysis(
        source.name,
        source.encoding,
        tuple(kept),
        placed_figures,
        placed_donations,
        agreed,
        warnings,
        words=words,
        sentence_count=count,
        metadata=source.metadata,
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_text(source: Source) -> None:
    """A lone surrogate is no character: no tagger can read it, so say so here, naming the input."""
    found = _SURROGATE.search(source.text)
    if found:
        raise InputError(
            f"{shown(source.name)}: the text holds a lone surrogate (U+{ord(found.group()):04X}) at offset "
            f"{found.start()}, which is no character; decode the bytes with errors='replace' or fix the input"
        )


def analyze_path(path: str | Path, rules: Rules | None = None, encoding: str | None = None) -> Analysis:
    """Read, decode and analyse one file; raises `InputError` when it cannot be read or decoded."""
    return analyze(load(str(path), encoding), rules)


def _guarded(source: Source, rules: Rules, sentences: bool = True) -> Analysis | Failure:
    """Analyse one document; a defect met on one document must not cost the user the rest of a corpus."""
    try:
        return analyze(source, rules, sentences)
    except (AlignmentError, InputError) as exc:
        return Failure(shown(source.name), str(exc))
    except DanVanError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported per input, the run goes on
        return Failure(
            source.name, f"{source.name}: internal error ({type(exc).__name__}: {exc}); please report it with this file"
        )


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), which is what `-j auto` uses."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


_HELD = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """INT, TERM and HUP wait while the pool forks workers and starts its threads: an exception a handler
    raised in a fork hook would be lost, and threads started here inherit the mask, so that the signals
    reach the main thread only, at a point where an exception can unwind."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


_RULES: Rules | None = None


def _init(rules: Rules, parent: int) -> None:
    global _RULES
    _RULES = rules
    # Ctrl-C and a closed terminal reach the whole process group: the parent handles them and stops the
    # workers. TERM ends a worker as by default (the pool itself stops workers with it), whatever handler
    # the parent had when it forked.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # forked while they were held
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """On Linux, ask the kernel to kill this worker when its parent dies, even by SIGKILL: no orphan."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took hold
        os._exit(1)


def _work(source: Source, sentences: bool) -> Analysis | Failure:
    assert _RULES is not None, "worker started without rules"
    return _guarded(source, _RULES, sentences)


class _Job:
    """One document sent to the pool, and its result once known."""

    __slots__ = ("source", "future", "value")

    def __init__(self, source: Source, future: Future):
        self.source, self.future = source, future
        self.value: Analysis | Failure | None = None


class _Pool:
    """A process pool that is rebuilt when a worker dies, the documents it held analysed again."""

    def __init__(self, rules: Rules, jobs: int, sentences: bool, warn: Callable[[str], None] | None):
        self.rules, self.jobs, self.sentences, self.warn = rules, jobs, sentences, warn
        self.executor: ProcessPoolExecutor | None = None

    def submit(self, source: Source) -> Future:
        with _signals_held():
            if self.executor is None:
                self.executor = ProcessPoolExecutor(self.jobs, initializer=_init, initargs=(self.rules, os.getpid()))
            return self.executor.submit(_work, source, self.sentences)

    def job(self, source: Source, window: Iterable[_Job | Failure]) -> _Job:
        try:
            return _Job(source, self.submit(source))
        except BrokenProcessPool:  # a worker died while idle
            self.recover(window)
            return _Job(source, self.submit(source))

    def result(self, head: _Job | Failure, window: Iterable[_Job | Failure]) -> Analysis | Failure:
        if isinstance(head, Failure):
            return head
        if head.value is None:
            try:
                head.value = head.future.result()
            except (BrokenProcessPool, CancelledError):
                self.recover([head, *window])
        assert head.value is not None
        return head.value

    def recover(self, jobs: Iterable[_Job | Failure]) -> None:
        """Settle every job: results already in are kept, the lost documents analysed again one at a time."""
        self.stop(kill=True)
        lost = 0
        for job in jobs:
            if isinstance(job, Failure) or job.value is not None:
                continue
            try:
                job.value = job.future.result()
            except (BrokenProcessPool, CancelledError):
                job.value = self.alone(job.source)
                lost += 1
        if self.warn and lost:
            self.warn(f"a worker process stopped abruptly; the {lost} input(s) in flight were analysed again, alone")

    def alone(self, source: Source) -> Analysis | Failure:
        """A lost document once more, with nothing else in flight, so that a second loss is its own."""
        try:
            return self.submit(source).result()
        except (BrokenProcessPool, CancelledError):
            self.stop(kill=True)
            return Failure(
                shown(source.name),
                f"{shown(source.name)}: its worker process stopped abruptly, twice (killed, or out of memory); "
                "the other inputs were analysed; analyse it alone with -j 1 to see why",
            )

    def stop(self, kill: bool = False) -> None:
        """Shut the pool down; `kill` stops its workers at once (the run is interrupted or the pool broken)."""
        executor, self.executor = self.executor, None
        if executor is None:
            return
        if kill:
            # Python 3.14 has kill_workers(); before it, the pool's processes are only in _processes.
            for process in list((getattr(executor, "_processes", None) or {}).values()):
                process.kill()
        try:
            executor.shutdown(wait=True, cancel_futures=True)
        except RuntimeError:
            # A signal stopped the pool while it was starting its manager thread: nothing to join, and the
            # signal must go on to the command line rather than this.
            if not kill:
                raise


def analyze_many(
    items: Iterable[Source | Failure],
    rules: Rules | None = None,
    jobs: int = 1,
    sentences: bool = True,
    warn: Callable[[str], None] | None = None,
) -> Iterator[Analysis | Failure]:
    """Analyses in input order; with `jobs` > 1 a pool of processes, each given the Rules object itself.

    `warn` hears of a worker process that died (its documents are analysed again)."""
    rules = rules or packaged_rules()
    if jobs <= 1:
        for item in items:
            yield item if isinstance(item, Failure) else _guarded(item, rules, sentences)
        return
    pool = _Pool(rules, jobs, sentences, warn)
    window: deque[_Job | Failure] = deque()
    finished = False
    try:
        # A bounded window keeps memory flat however long the input list is.
        for item in items:
            window.append(item if isinstance(item, Failure) else pool.job(item, window))
            if len(window) >= jobs * 4:
                yield pool.result(window.popleft(), window)
        while window:
            yield pool.result(window.popleft(), window)
        finished = True
    finally:
        pool.stop(kill=not finished)
