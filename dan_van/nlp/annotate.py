"""Tagged sentences with spans in the input: clean, split into paragraphs and sentences, tag, align.

Text is tagged a paragraph (a line) at a time, so memory follows the longest paragraph, not the input.
Every sentence the tokenizer returns is found again in its paragraph, and every word in its sentence, so
that each `Sentence` and `Token` carries offsets into the input as decoded; a sentence that cannot be found
raises `AlignmentError` rather than being dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..errors import AlignmentError
from ..language.rules import Rules
from ..models import Sentence, Source, Token
from ..text.normalize import Cleaned, clean
from . import engine


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


# A paragraph ends at a line break of any convention: LF, CRLF, or a CR alone (old Mac files, some CMS exports).
_BREAK = re.compile(r"\r\n?|\n")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Non-blank lines with their offsets, one at a time (no list of all lines of a large input)."""
    start = 0
    for found in _BREAK.finditer(text):
        line = text[start : found.start()]
        if line.strip():
            yield start, line
        start = found.end()
    line = text[start:]
    if line.strip():
        yield start, line


def _locate(paragraph: str, sentences: list[str], name: str) -> Iterator[tuple[int, int]]:
    """Spans of the tokenizer's (stripped) sentences in their paragraph."""
    pos = 0
    for sentence in sentences:
        found = paragraph.find(sentence, pos)
        if found < 0:
            raise AlignmentError(
                f"{name}: the sentence {sentence[:60]!r} is not in its paragraph as the tokenizer returned it; "
                "please report it with this file"
            )
        pos = found + len(sentence)
        yield found, pos


@lru_cache(maxsize=8)
def _caption_pattern(rules: Rules) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(rules.words("captions"), key=len, reverse=True))
    return re.compile(rf"^\(?\s*(?:{words})\s*:", re.I)


def _tagged(source: Source, cleaned: Cleaned, paragraph: str, at: int, first: int, caption: re.Pattern[str]):
    """The sentences of one paragraph (starting at `at` in the cleaned text), each tagged once."""
    text = cleaned.text
    sentences = []
    for s0, s1 in _locate(paragraph, engine.split_sentences(paragraph), source.name):
        c0, c1 = at + s0, at + s1
        form = text[c0:c1]
        tagged = engine.tag(form)
        tokens = []
        for (w0, w1), (word, pos, chunk, ner) in zip(_align(form, [t[0] for t in tagged], c0), tagged, strict=True):
            o0, o1 = cleaned.span(w0, w1)
            tokens.append(Token(source.text[o0:o1], word, o0, o1, pos, chunk, ner, w0 - c0, w1 - c0))
        o0, o1 = cleaned.span(c0, c1)
        index = first + len(sentences)
        is_caption = bool(caption.match(form))
        sentences.append(Sentence(index, source.text[o0:o1], form, o0, o1, tuple(tokens), is_caption, c0))
    return sentences


def cleaned(source: Source, rules: Rules) -> Cleaned:
    """The source's text cleaned for tagging, with the map back to its offsets."""
    return clean(source.text, rules.words("abbreviations"))


def paragraphs(source: Source, rules: Rules, text: Cleaned | None = None) -> Iterator[tuple[Cleaned, list[Sentence]]]:
    """The tagged sentences of each paragraph in turn, with the cleaned text they index."""
    text = text or cleaned(source, rules)
    caption = _caption_pattern(rules)
    count = 0
    for at, paragraph in _lines(text.text):
        sentences = _tagged(source, text, paragraph, at, count, caption)
        count += len(sentences)
        yield text, sentences


def annotate(source: Source, rules: Rules) -> tuple[Cleaned, tuple[Sentence, ...]]:
    """Clean the text, split it into sentences and tag every sentence once."""
    text = cleaned(source, rules)
    return text, tuple(s for _, para in paragraphs(source, rules, text) for s in para)
