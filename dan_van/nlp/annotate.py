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
from ..text.vietnamese import is_syllable
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


# A sentence piece that opens with a person's initials (`H.`, `L. cho biết`).
_OPENS_WITH_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+(?:\s|$)")
_FIRST_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=8)
def _dotted_end(rules: Rules) -> re.Pattern[str]:
    """A piece that ends in initials (`Anh N.V.A.`, `Chị T.T.`) or in abbreviations (`PGS.TS.`, `GS.`): underthesea's
    sentence splitter cuts after their dots."""
    words = "|".join(re.escape(w) for w in sorted(rules.words("abbreviations"), key=len, reverse=True))
    return re.compile(rf"(?:^|(?<=[\s(]))(?:(?P<abbr>(?:(?:{words})\.)+)|(?:[^\W\d_]\.)+)$")


def _cut_in_a_name(paragraph: str, end: int, start: int, dotted: re.Pattern[str]) -> bool:
    """Whether the splitter's cut between a piece ending at `end` and the next starting at `start` falls inside a
    name: the pieces touch (`M.Quân`); the first ends in abbreviations (`PGS.TS.` + `Nguyễn Văn A`); or it ends
    in initials and the next goes on in lower case, with punctuation or a number, or with initials again."""
    if start == end:
        return True
    found = dotted.search(paragraph, 0, end)
    if not found:
        return False
    if found.group("abbr"):
        return True
    if not found.group().isupper():
        return False
    if not paragraph[start : start + 1].isupper():
        return True
    more = _OPENS_WITH_INITIALS.match(paragraph, start)
    if more and more.group().strip().isupper():
        return True
    # `Theo T.` + `Kubodera cho biết`: one initial before a family name that is no Vietnamese word.
    word = _FIRST_WORD.match(paragraph, start)
    return len(found.group()) == 2 and bool(word) and not is_syllable(word.group().lower())


def _join_names(paragraph: str, spans: Iterator[tuple[int, int]], rules: Rules) -> Iterator[tuple[int, int]]:
    """Sentence spans with the pieces the splitter cut out of a person's initials or a title's abbreviations
    joined again, so that `N.V.A.` stays one word of one sentence for the tagger."""
    dotted = _dotted_end(rules)
    current: tuple[int, int] | None = None
    for start, end in spans:
        if current is not None and _cut_in_a_name(paragraph, current[1], start, dotted):
            current = (current[0], end)
            continue
        if current is not None:
            yield current
        current = (start, end)
    if current is not None:
        yield current


@lru_cache(maxsize=8)
def _caption_pattern(rules: Rules) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(rules.words("captions"), key=len, reverse=True))
    return re.compile(rf"^\(?\s*(?:{words})\s*:", re.I)


def _tagged(source: Source, cleaned: Cleaned, paragraph: str, at: int, first: int, rules: Rules):
    """The sentences of one paragraph (starting at `at` in the cleaned text), each tagged once."""
    text = cleaned.text
    sentences = []
    caption = _caption_pattern(rules)
    for s0, s1 in _join_names(paragraph, _locate(paragraph, engine.split_sentences(paragraph), source.name), rules):
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
    count = 0
    for at, paragraph in _lines(text.text):
        sentences = _tagged(source, text, paragraph, at, count, rules)
        count += len(sentences)
        yield text, sentences


def annotate(source: Source, rules: Rules) -> tuple[Cleaned, tuple[Sentence, ...]]:
    """Clean the text, split it into sentences and tag every sentence once."""
    text = cleaned(source, rules)
    return text, tuple(s for _, para in paragraphs(source, rules, text) for s in para)
