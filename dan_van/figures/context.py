"""What the figure extractors read around a number: the sentence's words by offset, and years."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Sentence, Token
from .lexicon import Lexicon, fold

WINDOW = 200  # characters around a number that its context is read from


class Words:
    """The tokens of one sentence, found by offset in its cleaned text in logarithmic time, so that a
    sentence of a million characters costs no more per number than a short one."""

    __slots__ = ("ends", "starts", "tokens")

    def __init__(self, tokens: Sequence[Token]):
        self.tokens = tokens
        self.starts = [t.at for t in tokens]
        self.ends = [t.until for t in tokens]

    def starting(self, pos: int) -> int | None:
        """Index of the token that starts at `pos`."""
        i = bisect_left(self.starts, pos)
        return i if i < len(self.starts) and self.starts[i] == pos else None

    def ending(self, pos: int) -> int | None:
        """Index of the token that ends at `pos`."""
        i = bisect_left(self.ends, pos)
        return i if i < len(self.ends) and self.ends[i] == pos else None

    def before(self, pos: int, count: int) -> list[Token]:
        """Up to `count` tokens that end at or before `pos`, nearest first."""
        i = bisect_right(self.ends, pos)
        return self.tokens[max(0, i - count) : i][::-1]

    def after(self, pos: int) -> int:
        """Index of the first token that ends after `pos`."""
        return bisect_right(self.ends, pos)


@dataclass(frozen=True, slots=True)
class Context:
    """One sentence as the quantity extractor reads it: its cleaned form, its words and the year in force."""

    sentence: Sentence
    words: Words
    lex: Lexicon
    year: int | None
    meetings_seen: bool = False  # meetings were counted earlier in the paragraph

    @property
    def form(self) -> str:
        return self.sentence.form

    def previous(self, pos: int) -> tuple[Token | None, str, str]:
        """The token before `pos`, and the folded forms of the two tokens before it (nearest first)."""
        before = self.words.before(pos, 2)
        prev = fold(before[0].form) if before else ""
        prev2 = fold(before[1].form) if len(before) > 1 else ""
        return (before[0] if before else None), prev, prev2


def year(text: str, lex: Lexicon) -> int | None:
    """The year a sentence names (`năm 2020`, `28/4/2020`), if any."""
    m = lex.year.search(text)
    return int(m.group(1)) if m else None


_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})[/-](\d{1,2})(?:[/-]((?:19|20)\d\d))?(?![\d/-])")


def dates(text: str, lex: Lexicon, para_year: int | None) -> tuple[str | None, int | None]:
    """The date written in a text (ISO 8601, `--MM-DD` without a year) and the year in force there."""
    found = year(text, lex) or para_year
    for m in _DATE.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            written = int(m.group(3)) if m.group(3) else None
            known = written or found
            date = f"{known:04d}-{month:02d}-{day:02d}" if known else f"--{month:02d}-{day:02d}"
            return date, known
    return None, found
