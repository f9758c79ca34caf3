"""Vietnamese numerals -> Decimal ("50.000", "1,5 tỷ", "hai mươi mốt", "3 triệu rưỡi", "hàng trăm").

`scan` finds every numeral in a sentence; `numerals` adds bare scale words (`hàng trăm tỷ`); `parse` reads
one whole numeral; `trailing_scale` and `half_after` serve ranges (`từ 50 đến 60 triệu`) and half units
(`1 năm rưỡi`). None of them decides whether a number is a year, a date or an ordinal: the caller does.
Number words come from data/numbers.yaml, through the Rules object.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from dan_van.digits import DIGITS, SPACES, digit_value, joins
from dan_van.language.load import packaged_rules
from dan_van.language.rules import Rules

__all__ = ["Lexicon", "Numeral", "half_after", "lexicon", "numerals", "parse", "scale", "scan", "trailing_scale"]

# A letter, digit, underscore or combining mark (NFD input) continues a syllable.
_IN_WORD = r"[\w\u0300-\u036f]"
_LETTER = r"[^\W\d_]"
_NEXT_SYLLABLE = re.compile(rf"[^\S\n]+({_LETTER}{_IN_WORD}*)")

# The word or two before a number, for label words (`tháng 5 100 người`).
_WORDS_BEFORE = re.compile(r"(?:(\S+)[^\S\n]+)?(\S+)[^\S\n]+$")


@dataclass(frozen=True, slots=True)
class Numeral:
    """A numeral found by `scan`: its span in the scanned text and its value.

    `spelled` is true when it is written with words only; `scaled` when a scale word (trăm, chục, nghìn,
    vạn, triệu, tỷ...) multiplied it.
    """

    start: int
    end: int
    text: str
    value: Decimal
    spelled: bool
    scaled: bool
    qualifier: str | None = None  # a bare scale's own qualifier (`hàng` of `hàng trăm`), as written
    qualifier_start: int | None = None


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Number words of the language data, with the regexes that find them."""

    units: dict[str, int]
    zero: frozenset[str]
    after_ten: dict[str, int]
    after_tens: dict[str, int]
    ten: frozenset[str]
    tens: frozenset[str]
    hundred: frozenset[str]
    zero_tens: frozenset[str]
    scales: dict[str, int]
    abbreviations: dict[str, int]
    half: frozenset[str]
    and_a_half: frozenset[str]
    not_before: dict[str, frozenset[str]]
    range_words: tuple[str, ...]
    range_dashes: tuple[str, ...]
    range_openers: tuple[str, ...]
    labels: frozenset[str]
    pattern: re.Pattern[str]
    bare_scale: re.Pattern[str]
    half_after: re.Pattern[str]


class _Token(NamedTuple):
    start: int
    end: int
    word: str | None  # lower-cased number word, or None for digits and for blocked words
    value: Decimal | None  # value of digits; None for words and for malformed digits


class _Segment(NamedTuple):
    end: int  # index of the token after the segment
    value: Decimal
    factor: Decimal | None  # product of the scale words that applied, None if none did
    spelled: bool
    full: bool  # a spelled group with trăm, mười, mươi or linh: may follow a scale word
    scaled: bool  # trăm or a scale word applied
    final: bool  # nothing may follow (rưỡi closes a numeral)


_LIST_KEYS = ("zero", "ten", "tens", "hundred", "zero_tens", "half", "and_a_half")
_MAP_KEYS = ("units", "after_ten", "after_tens", "scales", "scale_abbreviations")


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so that no word is cut to a shorter one; a word ending in a letter must end a syllable.
    # The leading class rejects most positions before the alternatives are tried one by one.
    words = set(words)
    first = "".join(sorted({re.escape(w[0]) for w in words}))
    alternatives = "|".join(
        re.escape(w) + (f"(?!{_IN_WORD})" if w[-1].isalnum() else "") for w in sorted(words, key=lambda w: (-len(w), w))
    )
    return f"(?=[{first}])(?:{alternatives})"


def _initial_either_case(word: str) -> str:
    return f"[{re.escape(word[0].upper())}{re.escape(word[0].lower())}]{re.escape(word[1:])}"


@lru_cache(maxsize=8)
def lexicon(rules: Rules | None = None) -> Lexicon:
    """The number words of `rules` (the packaged ones by default), with the regexes that find them."""
    rules = rules or packaged_rules()
    lists = {k: frozenset(w.lower() for w in rules.words(k)) for k in _LIST_KEYS}
    maps = {k: dict(rules.numbers(k)) for k in _MAP_KEYS}
    not_before = {w.lower(): frozenset(s.lower() for s in after) for w, after in rules.mapping("not_before").items()}
    scale_words = set(maps["scales"]) | lists["hundred"] | set(maps["scale_abbreviations"])
    all_words = scale_words | set(maps["units"]) | set(maps["after_ten"]) | set(maps["after_tens"])
    for key in _LIST_KEYS:
        all_words |= lists[key]
    number = (
        rf"(?<!{_IN_WORD})(?<!\d[.,])(?<!{_LETTER}-)"  # not glued to letters: A320, Covid-19
        + DIGITS
    )
    glued = rf"(?<=[0-9])(?:{_alternation(scale_words)})"  # 5tr, 3triệu
    word = rf"(?<!{_IN_WORD})(?:{_alternation(all_words)})"
    # `hàng trăm tỷ`, `hơn chục năm`: a scale word with no number before it, after a word that allows one.
    qualifier = "|".join(
        _initial_either_case(q) for q in sorted(rules.words("bare_scale_qualifiers"), key=len, reverse=True)
    )
    bare = "|".join(map(re.escape, sorted(set(maps["scales"]) | lists["hundred"], key=len, reverse=True)))
    large = "|".join(map(re.escape, sorted((w for w, v in maps["scales"].items() if v >= 1000), key=len, reverse=True)))
    half = "|".join(map(re.escape, sorted(lists["and_a_half"], key=len, reverse=True)))
    return Lexicon(
        units=maps["units"],
        zero=lists["zero"],
        after_ten=maps["after_ten"],
        after_tens=maps["after_tens"],
        ten=lists["ten"],
        tens=lists["tens"],
        hundred=lists["hundred"],
        zero_tens=lists["zero_tens"],
        scales=maps["scales"],
        abbreviations=maps["scale_abbreviations"],
        half=lists["half"],
        and_a_half=lists["and_a_half"],
        not_before=not_before,
        range_words=tuple(rules.words("range_words")),
        range_dashes=tuple(rules.words("range_dashes")),
        range_openers=tuple(w.lower() for w in rules.words("range_openers")),
        labels=frozenset(w.lower() for w in rules.words("labels")),
        pattern=re.compile(rf"(?P<num>{number})|(?P<word>{glued}|{word})", re.IGNORECASE),
        bare_scale=re.compile(rf"(?<![\w])(?P<q>{qualifier})\s+(?P<s>(?:{bare})(?:\s+(?:{large}))*)(?![\w])"),
        half_after=re.compile(rf"\s+(?:{half})\b"),
    )


def _clean(value: Decimal) -> Decimal:
    integral = value.to_integral_value()
    if integral == value:
        return integral
    # 1,500 -> 1.5; normalize() rounds to the context precision, so very long numbers stay as written.
    return value.normalize() if len(value.as_tuple().digits) <= 28 else value


def _tokens(text: str, lex: Lexicon) -> list[list[_Token]]:
    """Numeral tokens of `text`, in chains of tokens separated by spaces only."""
    chains: list[list[_Token]] = []
    chain: list[_Token] = []
    for m in lex.pattern.finditer(text):
        for token in _matched(text, m, lex):
            if chain:
                gap = text[chain[-1].end : token.start]
                if gap and not (gap.isspace() and "\n" not in gap) and not joins(gap):
                    chains.append(chain)
                    chain = []
            chain.append(token)
    if chain:
        chains.append(chain)
    return chains


def _matched(text: str, m: re.Match[str], lex: Lexicon) -> tuple[_Token, ...]:
    """The token of one match; two for `tháng 5 100 người` (a label word, then space-grouped digits not `000`)."""
    start, end = m.span()
    if m.lastgroup == "num":
        raw = m.group()
        space = SPACES.search(raw)
        if space is not None and raw[space.end()] != "0" and _after_label(text, start, lex):
            cut = start + space.start()
            return _Token(start, cut, None, digit_value(raw[: space.start()])), _Token(
                cut + 1, end, None, digit_value(raw[space.end() :])
            )
        return (_Token(start, end, None, digit_value(raw)),)
    word = m.group().lower()
    blocked = lex.not_before.get(word)
    if blocked:
        nxt = _NEXT_SYLLABLE.match(text, end)
        if nxt and nxt.group(1).lower() in blocked:
            word = None
    return (_Token(start, end, word, None),)


def _after_label(text: str, start: int, lex: Lexicon) -> bool:
    """Whether the word (or two words) before `start` is a label word such as tháng, lớp or vào lúc."""
    words = _WORDS_BEFORE.search(text, max(0, start - 60), start)
    if words is None:
        return False
    last = words.group(2).lower()
    return last in lex.labels or f"{(words.group(1) or '').lower()} {last}" in lex.labels


def _word(chain: list[_Token], i: int) -> str | None:
    return chain[i].word if i < len(chain) else None


def _group(chain: list[_Token], p: int, lex: Lexicon, after_scale: bool) -> tuple[int, int, bool, bool] | None:
    """A spelled number below 1000 at `p`: (next index, value, full, has trăm) or None."""
    w = _word(chain, p)
    value, q, hundreds = 0, p, False
    if _word(chain, p + 1) in lex.hundred and (w in lex.units or (after_scale and w in lex.zero)):
        value, q, hundreds = lex.units.get(w, 0) * 100, p + 2, True
    w, nxt = _word(chain, q), _word(chain, q + 1)
    if (hundreds or after_scale) and w in lex.zero_tens and nxt in lex.units:
        return q + 2, value + lex.units[nxt], True, hundreds
    if w in lex.ten:
        value, q = value + 10, q + 1
        if _word(chain, q) in lex.after_ten:
            value, q = value + lex.after_ten[_word(chain, q)], q + 1
        return q, value, True, hundreds
    if w in lex.units and lex.units[w] >= 2 and nxt in lex.tens:
        value, q = value + lex.units[w] * 10, q + 2
        if _word(chain, q) in lex.after_tens:
            value, q = value + lex.after_tens[_word(chain, q)], q + 1
        return q, value, True, hundreds
    if not hundreds and w in lex.units:
        return q + 1, lex.units[w], False, False
    if hundreds:
        return q, value, True, True
    return None


def _segment(chain: list[_Token], p: int, lex: Lexicon, after: Decimal | None) -> _Segment | None:
    """A number and the scale words that multiply it, at `p`; `after` is the factor of the segment before."""
    token = chain[p]
    unit_of_half: Decimal | None = None
    hundreds = False
    if token.value is not None:
        kind, base, q, spelled, full = "digits", token.value, p + 1, False, False
    elif token.word in lex.half:
        kind, base, q, spelled, full = "half", Decimal("0.5"), p + 1, True, False
    elif token.word in lex.units and lex.units[token.word] == 1 and _word(chain, p + 1) in lex.half:
        kind, base, q, spelled, full = "half", Decimal("0.5"), p + 2, True, False
    else:
        group = _group(chain, p, lex, after is not None)
        if group is None:
            return None
        q, number, full, hundreds = group
        kind = "unit" if q == p + 1 and not full else "group"
        base, spelled = Decimal(number), True
        if hundreds and _word(chain, q - 1) in lex.hundred:
            unit_of_half = Decimal(100)  # một trăm rưỡi = 150

    factors: list[int] = []
    while q < len(chain):
        w = chain[q].word
        if not factors and kind in ("digits", "half") and w in lex.hundred:
            f = 100
        elif not factors and kind == "digits" and w in lex.abbreviations:
            f = lex.abbreviations[w]
        elif w in lex.scales and (lex.scales[w] >= 1000 or (not factors and kind != "group")):
            f = lex.scales[w]
        else:
            break
        if factors and f <= factors[-1]:
            break
        factors.append(f)
        q += 1
    factor = None
    if factors:
        factor = Decimal(1)
        for f in factors:
            factor *= f
        unit_of_half = factor
    value = base if factor is None else base * factor
    final = False
    if unit_of_half is not None and _word(chain, q) in lex.and_a_half:
        value, q, final = value + unit_of_half / 2, q + 1, True
    if after is not None:
        # After "1 tỷ" only something smaller may follow: "200 triệu", or a full group "không trăm linh năm".
        if after < 1000 or value >= after or (factor is None and not (full and spelled)):
            return None
        if factor is not None and factor >= after:
            return None
    return _Segment(q, value, factor, spelled, full, hundreds or factor is not None, final or factor is None)


def _numeral_at(chain: list[_Token], i: int, lex: Lexicon) -> tuple[int, Decimal, bool, bool] | None:
    """The longest numeral starting at token `i`: (next index, value, spelled, scaled) or None."""
    if chain[i].word is None and chain[i].value is None:
        return None
    best = None
    total: Decimal | None = None
    after, spelled, scaled, p = None, True, False, i
    while p < len(chain):
        segment = _segment(chain, p, lex, after)
        if segment is None:
            break
        total = segment.value if total is None else total + segment.value
        spelled = spelled and segment.spelled
        scaled = scaled or segment.scaled
        p = segment.end
        best = (p, total, spelled, scaled)
        if segment.final:
            break
        after = segment.factor
    return best


def scan(text: str, lex: Lexicon | None = None) -> list[Numeral]:
    """Every numeral in `text`, left to right, longest match first, spans not overlapping."""
    lex = lex or lexicon()
    found = []
    for chain in _tokens(text, lex):
        i = 0
        while i < len(chain):
            hit = _numeral_at(chain, i, lex)
            if hit is None:
                i += 1
                continue
            j, value, spelled, scaled = hit
            start, end = chain[i].start, chain[j - 1].end
            found.append(Numeral(start, end, text[start:end], _clean(value), spelled, scaled))
            i = j
    return found


def numerals(text: str, lex: Lexicon | None = None) -> list[Numeral]:
    """`scan`, and bare scale words after a qualifier (`hàng trăm tỷ` = 1e11, `hơn chục năm`), in text order."""
    lex = lex or lexicon()
    found = scan(text, lex)
    starts = [n.start for n in found]
    bare = []
    for m in lex.bare_scale.finditer(text):
        # Numerals do not overlap one another: the one starting last before the match's end is the only one
        # that may overlap it.
        k = bisect_left(starts, m.end()) - 1
        if k >= 0 and found[k].end > m.start():
            continue
        value = scale(m.group("s"), lex)
        if value is None:
            continue
        bare.append(Numeral(m.start("s"), m.end("s"), m.group("s"), value, True, True, m.group("q"), m.start("q")))
    return sorted(found + bare, key=lambda n: n.start) if bare else found


def parse(text: str, lex: Lexicon | None = None) -> Decimal:
    """The value of `text` as one whole numeral ("1.234.567,89", "hai mươi mốt"); ValueError otherwise."""
    lex = lex or lexicon()
    stripped = text.strip()
    if stripped.lower() in lex.zero:
        return Decimal(0)
    found = scan(stripped, lex)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(stripped):
        raise ValueError(f"not a Vietnamese numeral: {text!r}")
    return found[0].value


def scale(word: str, lex: Lexicon | None = None) -> Decimal | None:
    """The factor of bare scale words ("trăm" 100, "nghìn tỷ" 1e12), for "hàng trăm"; None if not one."""
    lex = lex or lexicon()
    factor, last = Decimal(1), 0
    parts = word.lower().split()
    for part in parts:
        f = 100 if part in lex.hundred else lex.scales.get(part)
        if f is None or f <= last:
            return None
        factor, last = factor * f, f
    return factor if parts else None


def trailing_scale(numeral: str, lex: Lexicon | None = None) -> Decimal | None:
    """The scale a numeral ends with (`60 triệu` -> 1e6), which the first number of a range shares."""
    words = numeral.lower().split()
    for i in range(1, len(words)):
        factor = scale(" ".join(words[i:]), lex)
        if factor:
            return factor
    return None


def half_after(text: str, pos: int, lex: Lexicon | None = None) -> int | None:
    """Where a `rưỡi` right after `pos` ends (`1 năm rưỡi`: half a unit more), else None."""
    lex = lex or lexicon()
    m = lex.half_after.match(text[pos : pos + 10])
    return pos + m.end() if m else None
