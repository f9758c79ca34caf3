"""The shared look-up of the entity rules: a sentence as syllables, and memoised gazetteer look-ups over them.

Every rule reads a sentence through one `Lookup`: which syllables are capitalised, which phrase of a word
list or which known name starts at a syllable. Look-ups are memoised per sentence, and a syllable that opens
no phrase of a list is answered by one set test.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..models import EntityType, Level, Sentence
from ..text.vietnamese import phrase_key
from .gazetteer import NAMES, Gazetteer, Name, Section

if TYPE_CHECKING:
    from .admin import Units

_WORD = re.compile(r"\S+")
ACRONYM = re.compile(r"^[A-ZĐ][A-ZĐ&\-]{1,7}$")
NUMBER = re.compile(r"^\d{1,3}[A-Za-z]?$")
ROMAN = re.compile(r"^[IVXLC]+$")
# A person's initials (`N.V.A`, `H.L`).
INITIALS = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]$")
# A syllable with a final dot (`N.V.A.`, `bà C.`, `TP.HCM.` at a sentence's end): the dot is a syllable of its
# own, so that it ends no name (phrases such as `TP.` or `PGS.` are still found over the two).
_FINAL_DOT = re.compile(r"^\S*\w\.$")
NO_NAME: tuple[int, EntityType | None, str] = (0, None, "")
_NOTHING: frozenset[str] = frozenset()
_DISTRICT = (Level.DISTRICT,)
_TYPES = {t.value: t for t in EntityType}


@dataclass(slots=True)
class Unit:
    """A syllable of the sentence with its word's tags and its span in the input."""

    form: str
    key: str
    low: str
    lowkey: str
    start: int
    end: int
    word: int
    pos: str
    ner: str
    cap: bool
    punct: bool


@lru_cache(maxsize=1 << 16)
def _pieces(form: str, text: str) -> tuple[tuple[str, int, int | None, str, str, str, bool, bool], ...]:
    """The syllables of a word as the tagger wrote it (`form`) and as the input has it (`text`): each with
    its span from the word's start (None: to the word's end), its key, lower case and key, capital and
    punctuation. Words recur, so this is worked out once per spelling. A word whose syllables cannot be
    found in its text stays whole, spaces and all, and its key drops the spaces."""
    syllables = form.split()
    pieces = list(_WORD.finditer(text))
    if len(pieces) != len(syllables) or not syllables:
        syllables, spans = [form], [(0, None)]
    else:
        spans = [(m.start(), m.end()) for m in pieces]
    syllables, spans = _final_dots_apart(syllables, spans, len(text))
    out = []
    for syllable, (s, e) in zip(syllables, spans, strict=True):
        low = syllable.lower()
        cap = syllable[:1].isupper()
        punct = not any(c.isalnum() for c in syllable)
        out.append((syllable, s, e, phrase_key(syllable), low, phrase_key(low), cap, punct))
    return tuple(out)


def _final_dots_apart(syllables: list[str], spans: list, length: int) -> tuple[list[str], list]:
    """Syllables with the final dot of each (`_FINAL_DOT`) as a syllable of its own."""
    if not any(_FINAL_DOT.match(s) for s in syllables):
        return syllables, spans
    out, out_spans = [], []
    for syllable, (s, e) in zip(syllables, spans, strict=True):
        end = length if e is None else e
        if _FINAL_DOT.match(syllable) and end - s == len(syllable):
            out += [syllable[:-1], "."]
            out_spans += [(s, end - 1), (end - 1, end)]
        else:
            out.append(syllable)
            out_spans.append((s, e))
    return out, out_spans


def units(sentence: Sentence) -> list[Unit]:
    """The syllables of a tagged sentence."""
    out = []
    for w, token in enumerate(sentence.tokens):
        start, end, pos, ner = token.start, token.end, token.pos, token.ner
        for syllable, s, e, key, low, lowkey, cap, punct in _pieces(token.form, token.text):
            e = end if e is None else start + e
            out.append(Unit(syllable, key, low, lowkey, start + s, e, w, pos, ner, cap, punct))
    return out


class Lookup:
    """One sentence's syllables and the gazetteer, with every look-up the rules make memoised."""

    __slots__ = ("alone", "caps", "first", "g", "memo", "n", "names", "opens", "passage", "stocks", "u", "units")

    def __init__(self, syllables: list[Unit], gaz: Gazetteer, known_units: Units | None = None):
        self.u = syllables
        self.n = len(syllables)
        self.g = gaz
        # The administrative units of underthesea's 2025 table (None: none known).
        self.units = known_units
        # The sentences of the passage this one belongs to (itself alone unless told), and whether it speaks of
        # shares (None: not asked yet).
        self.passage: tuple[Lookup, ...] = (self,)
        self.stocks: bool | None = None
        # Look-ups already made: phrases by (start, section, fold); names by start, wherever they stand and
        # on their own (`alone`, filled by the rules that judge that).
        self.memo: dict[tuple[int, str, bool], int] = {}
        self.names: dict[int, tuple[int, EntityType | None, str]] = {}
        self.alone: dict[int, tuple[int, EntityType | None, str]] = {}
        self.first = next((k for k, u in enumerate(syllables) if not u.punct), len(syllables))
        self.caps = [u.cap and not u.punct for u in syllables]
        # What each syllable may open, and nothing past the end (where look-ups may start, and find nothing).
        self.opens = [gaz.openers.get(u.key, _NOTHING) for u in syllables] + [_NOTHING]

    def cap(self, i: int) -> bool:
        """Whether the syllable at i is a capitalised word (not punctuation)."""
        return 0 <= i < self.n and self.caps[i]

    def starts_sentence(self, i: int) -> bool:
        return i <= self.first

    def is_word(self, section: Section, i: int, lower: bool = True) -> bool:
        """Whether the syllable at i (in lower case unless `lower` is false) is in a word list."""
        u = self.u[i]
        return self.g.word(section, u.lowkey if lower else u.key)

    def stop(self, i: int) -> bool:
        """A word that ends a name when it follows one (`ngày`, `của`, `đã`...)."""
        return self.is_word(Section.STOP_WORDS, i)

    def phrase(self, i: int, section: Section, fold: bool = False) -> int:
        """End of the longest phrase of a word list starting at i, else 0 (`fold`: its first letter may be a
        capital)."""
        if section not in self.opens[i] and not (fold and section in self.folded(i)):
            return 0
        memo = (i, section, fold)
        end = self.memo.get(memo)
        if end is None:
            end = self.memo[memo] = self._phrase(i, section, fold)
        return end

    def _phrase(self, i: int, section: Section, fold: bool) -> int:
        best, key = 0, ""
        words = self.g.lists[section]
        prefixes = self.g.prefixes.get(section)
        for j in range(i, min(self.n, i + 8)):
            part = self.u[j].key
            key += part
            if not fold and prefixes is not None and j > i and key[: -len(part)] not in prefixes:
                break
            if key in words or fold and key[:1].lower() + key[1:] in words:
                best = j + 1
        return best

    def folded(self, i: int) -> frozenset[str]:
        """What the syllable at i may open with its first letter in lower case."""
        if i >= self.n:
            return _NOTHING
        key = self.u[i].key
        return self.g.openers.get(key[:1].lower() + key[1:], _NOTHING)

    def known(self, i: int) -> tuple[int, EntityType | None, str]:
        """The longest gazetteer name at i, wherever it stands: (end, type, canonical), else NO_NAME."""
        if NAMES not in self.opens[i]:
            return NO_NAME
        if i not in self.names:
            best: tuple[int, EntityType | None, str] = NO_NAME
            key = ""
            prefixes = self.g.prefixes.get(NAMES)
            for j in range(i, min(self.n, i + self.g.longest)):
                if prefixes is not None and j > i and key not in prefixes:
                    break
                key += self.u[j].key
                hit: Name | None = self.g.names.get(key)
                if hit:
                    best = (j + 1, *hit)
            self.names[i] = best
        return self.names[i]

    def gaz(self, i: int) -> tuple[int, EntityType | None, str]:
        """The longest gazetteer name at i that stands on its own: (end, type, canonical), else NO_NAME."""
        if NAMES not in self.opens[i]:
            return NO_NAME
        found = self.alone.get(i)
        if found is None:
            found = self.alone[i] = self._gaz(i)
        return found

    def _gaz(self, i: int) -> tuple[int, EntityType | None, str]:
        best = self.known(i)
        end = best[0]
        if not end:
            return best
        # A name glued to capitalised syllables is part of a longer name (`Thúy Nga`, `Thanh Mỹ`).
        before = (
            self.cap(i - 1)
            and not ACRONYM.match(self.u[i - 1].form)
            and not self.opens_at(i)
            and (best[1] is EntityType.LOC or self.u[i - 1].word == self.u[i].word)
        )
        after = self.cap(end) and self.u[end].word == self.u[end - 1].word and best[1] is not EntityType.ORG
        if before or after:
            return NO_NAME
        return best

    def opens_at(self, i: int) -> bool:
        """Whether an organisation head, a place head, an administrative prefix or a title ends right before i."""
        return any(
            self.phrase(k, section) == i
            for k in range(max(0, i - 3), i)
            for section in (Section.ORG_HEADS, Section.ADMIN_PREFIXES, Section.PLACE_HEADS, Section.TITLES)
        )

    def quantified(self, i: int) -> bool:
        """`các CLB`, `2 trường`, `5 huyện`: a kind of thing counted, not a name."""
        return i > 0 and (self.is_word(Section.QUANTIFIERS, i - 1) or self.u[i - 1].form.isdigit())

    def surface(self, i: int, j: int) -> str:
        """The syllables i..j-1 as written, glued where the input glues them."""
        out = self.u[i].form
        for k in range(i + 1, j):
            glue = self.u[k].start == self.u[k - 1].end
            out += ("" if glue else " ") + self.u[k].form
        return out

    def word_rest(self, j: int) -> int:
        """Past the syllable at j and the lower-case syllables of its word (`Truyền thông`, `Y tế`)."""
        j += 1
        while j < self.n and self.u[j].word == self.u[j - 1].word and not self.u[j].cap and not self.u[j].punct:
            j += 1
        return j

    def acronym(self, i: int) -> bool:
        u = self.u[i]
        return bool(ACRONYM.match(u.form)) and not self.g.word(Section.NOT_ENTITIES, u.key)

    def unit(self, start: int, end: int) -> int:
        """End of a known administrative unit's name after the prefix start..end-1 (`xã` + `Phạm Văn Hai`), else 0;
        a name glued to a longer capitalised word is none (`Phú Thọ` in `Phú Thọ Hoà` is no unit)."""
        if self.units is None or end >= self.n:
            return 0
        levels = self.units.prefixes.get(phrase_key(self.surface(start, end).lower()))
        if not levels:
            return 0
        found = self.units.known([u.key for u in self.u[end : end + self.units.longest]], levels)
        stop = end + found
        if not found or self.cap(stop) and self.u[stop].word == self.u[stop - 1].word:
            return 0
        return stop

    def district(self, i: int, j: int) -> bool:
        """Whether syllables i..j-1 are the name of a district (`Bình Lục`, `Khoái Châu`) in underthesea's table."""
        if self.units is None:
            return False
        return self.units.known([u.key for u in self.u[i:j]], _DISTRICT) == j - i

    def _cues(self) -> bool:
        """Whether the sentence has a word of `ticker_cues`."""
        return any(self.phrase(k, Section.TICKER_CUES, fold=True) for k in range(self.n))

    def ticker(self, i: int) -> bool:
        """Whether the acronym at i is a stock ticker: three letters, no known name, not a body's abbreviation in
        brackets (`CTCP Chứng khoán SSI (SSI)`), in a passage about shares (a word of `ticker_cues` in one of
        its sentences)."""
        if len(self.u[i].form) != 3 or self.known(i)[0]:
            return False
        if 0 < i < self.n - 1 and self.u[i - 1].form == "(" and self.u[i + 1].form == ")":
            return False
        if self.stocks is None:
            # Asked once a passage, and only where an acronym might be a ticker.
            shares = any(look._cues() for look in self.passage)
            for look in self.passage:
                look.stocks = shares
        return bool(self.stocks)

    def crf(self, i: int, j: int) -> EntityType | None:
        """The type the tagger gave most syllables of i..j-1, if any."""
        tags = [u.ner for u in self.u[i:j] if u.ner != "O"]
        if not tags:
            return None
        best = Counter(tag[2:] for tag in tags).most_common(1)[0][0]
        return _TYPES.get(best)
