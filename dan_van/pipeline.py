"""The pipeline: one `Source` in, one `Analysis` out; `analyze_many` keeps input order over a process pool."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from . import extract, nlp
from .errors import DanVanError
from .models import Analysis, Donation, Entity, Figure, Sentence, Source, Token
from .normalize import Cleaned, clean
from .rules import Rules, load_rules
from .sources import Failure


def _align(form: str, words: list[str], offset: int) -> list[tuple[int, int]]:
    """Spans of the tagger's words in `form` (offset by `offset`), tolerant of its token normalisation."""
    spans = []
    pos = 0
    n = len(form)
    for word in words:
        start = None
        for syllable in word.split(" "):
            while pos < n and form[pos].isspace():
                pos += 1
            if start is None:
                start = pos
            if form.startswith(syllable, pos):
                pos += len(syllable)
                continue
            run = pos
            while run < n and not form[run].isspace():
                run += 1
            pos = min(run, pos + max(1, len(syllable)))
        spans.append((offset + (start or 0), offset + pos))
    return spans


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Non-blank lines with their offsets, one at a time (no list of all lines of a large input)."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if line.strip():
            yield start, line
        start = end + 1


def _locate(paragraph: str, sentences: list[str]) -> Iterator[tuple[int, int]]:
    """Spans of the tokenizer's (stripped) sentences in their paragraph."""
    pos = 0
    for sentence in sentences:
        found = paragraph.find(sentence, pos)
        if found < 0:
            continue
        pos = found + len(sentence)
        yield found, pos


def _caption_pattern(rules: Rules) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(rules.words("captions"), key=len, reverse=True))
    return re.compile(rf"^\(?\s*(?:{words})\s*:", re.I)


def _tagged(
    source: Source, cleaned: Cleaned, paragraph: str, para_start: int, first: int, caption: re.Pattern[str]
) -> list[Sentence]:
    """The sentences of one paragraph, each tagged once, with spans in the input."""
    text = cleaned.text
    sentences = []
    for s0, s1 in _locate(paragraph, nlp.split_sentences(paragraph)):
        c0, c1 = para_start + s0, para_start + s1
        form = text[c0:c1]
        tagged = nlp.tag(form)
        tokens = []
        for (w0, w1), (word, pos, chunk, ner) in zip(_align(form, [t[0] for t in tagged], c0), tagged, strict=True):
            o0, o1 = cleaned.span(w0, w1)
            tokens.append(Token(source.text[o0:o1], word, o0, o1, pos, chunk, ner, w0 - c0))
        o0, o1 = cleaned.span(c0, c1)
        index = first + len(sentences)
        is_caption = bool(caption.match(form))
        sentences.append(Sentence(index, source.text[o0:o1], form, o0, o1, tuple(tokens), is_caption, c0))
    return sentences


def paragraphs(
    source: Source, rules: Rules | None = None, cleaned: Cleaned | None = None
) -> Iterator[tuple[Cleaned, list[Sentence]]]:
    """Clean the text, then tag it a paragraph (a line) at a time, so memory follows the longest paragraph."""
    rules = rules or load_rules()
    cleaned = cleaned or clean(source.text, rules.words("abbreviations"))
    caption = _caption_pattern(rules)
    count = 0
    for para_start, paragraph in _paragraphs(cleaned.text):
        sentences = _tagged(source, cleaned, paragraph, para_start, count, caption)
        count += len(sentences)
        yield cleaned, sentences


def annotate(source: Source, rules: Rules | None = None) -> tuple[Cleaned, tuple[Sentence, ...]]:
    """Clean the text, split it into sentences and tag every sentence once."""
    rules = rules or load_rules()
    cleaned = clean(source.text, rules.words("abbreviations"))
    sentences = [s for _, para in paragraphs(source, rules, cleaned) for s in para]
    return cleaned, tuple(sentences)


def analyze(source: Source, rules: Rules | None = None, sentences: bool = True) -> Analysis:
    """Everything danvan finds in one document; `sentences=False` keeps only the counts of sentences and
    words, so that memory holds the findings, not the tagged text."""
    rules = rules or load_rules()
    kept: list[Sentence] = []
    figures: list[Figure] = []
    donations: list[Donation] = []
    entities: list[Entity] = []
    words = count = 0
    for cleaned, para in paragraphs(source, rules):
        found = _entities(para, source.text, rules)
        figs = extract.figures(para, cleaned, source.text, rules)
        figures.extend(figs)
        entities.extend(found)
        donations.extend(extract.donations(para, figs, found, rules))
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
        tuple(entities),
        warnings,
        words=words,
        sentence_count=count,
    )


def _entities(sentences: list[Sentence], text: str, rules: Rules) -> tuple[Entity, ...]:
    from .entities import find_entities, load_gazetteer

    return find_entities(sentences, load_gazetteer(rules.gazetteers), text=text)


_RULES: Rules | None = None


def _init(extra: tuple[str, ...], gazetteers: tuple[str, ...]) -> None:
    global _RULES
    _RULES = load_rules(extra, gazetteers)


def _work(source: Source, sentences: bool) -> Analysis | Failure:
    return _guarded(source, _RULES, sentences)


def _guarded(source: Source, rules: Rules | None, sentences: bool = True) -> Analysis | Failure:
    """Analyse one document; a defect met on one document must not cost the user the rest of a corpus."""
    try:
        return analyze(source, rules, sentences)
    except DanVanError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported per input, the run goes on
        return Failure(
            source.name, f"{source.name}: internal error ({type(exc).__name__}: {exc}); please report it with this file"
        )


def analyze_many(
    items: Iterable[Source | Failure], rules: Rules | None = None, jobs: int = 1, sentences: bool = True
) -> Iterator[Analysis | Failure]:
    """Analyses in input order; with `jobs` > 1 a pool of processes, each loading the models once."""
    rules = rules or load_rules()
    if jobs <= 1:
        for item in items:
            yield item if isinstance(item, Failure) else _guarded(item, rules, sentences)
        return
    with ProcessPoolExecutor(jobs, initializer=_init, initargs=(rules.sources, rules.gazetteers)) as pool:
        window: deque = deque()
        # A bounded window keeps memory flat however long the input list is.
        for item in items:
            window.append(item if isinstance(item, Failure) else pool.submit(_work, item, sentences))
            if len(window) >= jobs * 4:
                head = window.popleft()
                yield head if isinstance(head, Failure) else head.result()
        for head in window:
            yield head if isinstance(head, Failure) else head.result()
