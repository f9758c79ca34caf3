"""The pipeline: one `Source` in, one `Analysis` out; `analyze_many` keeps input order over a process pool.

    analyze = clean -> annotate (sentences, words, tags) -> entities -> figures -> donations

a paragraph at a time, so that memory follows the longest paragraph, not the input.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import figures as key_figures
from .entities import agree, find_entities
from .errors import AlignmentError, DanVanError
from .inputs.sources import Failure, load
from .language.load import packaged_rules
from .language.rules import Rules
from .models import Analysis, Donation, Entity, Figure, Sentence, Source
from .nlp.annotate import paragraphs


def analyze(source: Source, rules: Rules | None = None, sentences: bool = True) -> Analysis:
    """Everything danvan finds in one document; `sentences=False` keeps only the counts of sentences and
    words, so that memory holds the findings, not the tagged text."""
    rules = rules or packaged_rules()
    kept: list[Sentence] = []
    figures: list[Figure] = []
    donations: list[Donation] = []
    entities: list[Entity] = []
    words = count = 0
    for cleaned, para in paragraphs(source, rules):
        found = find_entities(para, rules, text=source.text)
        figs = key_figures.figures(para, cleaned, source.text, rules)
        figures.extend(figs)
        entities.extend(found)
        donations.extend(key_figures.donations(para, figs, found, rules))
        words += sum(len(s.tokens) for s in para)
        count += len(para)
        if sentences:
            kept.extend(para)
    warnings = () if source.text.strip() else (f"{source.name}: empty input; nothing to analyse",)
    return Analysis(
        source.name,
        source.encoding,
        tuple(kept),
        tuple(figures),
        tuple(donations),
        agree(entities, rules),
        warnings,
        words=words,
        sentence_count=count,
    )


def analyze_path(path: str | Path, rules: Rules | None = None, encoding: str | None = None) -> Analysis:
    """Read, decode and analyse one file; raises `InputError` when it cannot be read or decoded."""
    return analyze(load(str(path), encoding), rules)


def _guarded(source: Source, rules: Rules, sentences: bool = True) -> Analysis | Failure:
    """Analyse one document; a defect met on one document must not cost the user the rest of a corpus."""
    try:
        return analyze(source, rules, sentences)
    except AlignmentError as exc:
        return Failure(source.name, str(exc))
    except DanVanError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported per input, the run goes on
        return Failure(
            source.name, f"{source.name}: internal error ({type(exc).__name__}: {exc}); please report it with this file"
        )


_RULES: Rules | None = None


def _init(rules: Rules) -> None:
    global _RULES
    _RULES = rules


def _work(source: Source, sentences: bool) -> Analysis | Failure:
    assert _RULES is not None, "worker started without rules"
    return _guarded(source, _RULES, sentences)


def analyze_many(
    items: Iterable[Source | Failure], rules: Rules | None = None, jobs: int = 1, sentences: bool = True
) -> Iterator[Analysis | Failure]:
    """Analyses in input order; with `jobs` > 1 a pool of processes, each given the Rules object itself."""
    rules = rules or packaged_rules()
    if jobs <= 1:
        for item in items:
            yield item if isinstance(item, Failure) else _guarded(item, rules, sentences)
        return
    with ProcessPoolExecutor(jobs, initializer=_init, initargs=(rules,)) as pool:
        window: deque = deque()
        # A bounded window keeps memory flat however long the input list is.
        for item in items:
            window.append(item if isinstance(item, Failure) else pool.submit(_work, item, sentences))
            if len(window) >= jobs * 4:
                head = window.popleft()
                yield head if isinstance(head, Failure) else head.result()
        for head in window:
            yield head if isinstance(head, Failure) else head.result()
