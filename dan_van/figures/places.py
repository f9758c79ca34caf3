"""Where conferences were held and gifts received: the administrative unit that the body holding the meetings
or receiving the gift names (`UBND tỉnh Quảng Nam tổ chức 3 hội nghị` -> tỉnh Quảng Nam, `trao 2 tỷ đồng cho
Quỹ Vì người nghèo huyện Ba Chẽ` -> huyện Ba Chẽ), else the province of the article when every unit it names
lies in one, else none. Each place carries its province then and today (the 2025 reorganisation); its name
is as written, in NFC."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from ..entities import resolve_place
from ..language.rules import Rules
from ..models import Donation, Entity, EntityType, Figure, Kind, Level, Place

# What ends the words that belong to one figure after it: a clause mark or the next number.
_OWN_WORDS_END = re.compile(r"[,;.:()\n]|\d")


def _place(found) -> Place | None:
    if found is None:
        return None
    return Place(found.unit, found.level, found.province, found.province_today)


@lru_cache(maxsize=8)
def _prefixes(rules: Rules) -> frozenset[str]:
    return frozenset(word.lower() for words in rules.mapping("admin_levels").values() for word in words)


def _resolve(text: str, rules: Rules, provinces: tuple[str, ...]):
    """The unit `text` names, where it is a province or written with its prefix (`huyện Bình Minh`): a bare
    district or commune name is as often a company's (`Ngân hàng Bình Minh`)."""
    found = resolve_place(unicodedata.normalize("NFC", text), rules, provinces)
    if found is None or found.level is Level.PROVINCE:
        return found
    words = found.unit.lower().split()
    prefixed = any(" ".join(words[:k]) in _prefixes(rules) for k in (1, 2))
    return found if prefixed else None


def _held_at(text: str, figure: Figure, start: int, rules: Rules, provinces: tuple[str, ...]) -> Place | None:
    """The unit named before a conference figure in its clause (from `start`), else in its own words after it
    (`45 hội nghị tại các xã của huyện Duy Xuyên`)."""
    found = _place(_resolve(text[start : figure.start], rules, provinces))
    if found is not None:
        return found
    after = text[figure.end : figure.end + 120]
    own = _OWN_WORDS_END.search(after)
    return _place(_resolve(after[: own.start()] if own else after, rules, provinces))


def _clause_start(text: str, sentence: tuple[int, int], at: int) -> int:
    """Where the clause that holds offset `at` starts: after the last `;` before it in its sentence."""
    cut = text.rfind(";", sentence[0], at)
    return sentence[0] if cut < 0 else cut + 1


def place_conferences(
    figures: Sequence[Figure],
    sentences: Mapping[int, tuple[int, int]],
    text: str,
    rules: Rules,
    provinces: Iterable[str],
) -> list[Figure]:
    """The figures, each conference with the place its own words name (else none yet); `sentences` gives the
    span in `text` of each sentence by its index."""
    context = tuple(sorted(set(provinces)))
    out: list[Figure] = []
    previous_end: dict[int, int] = {}  # the end of the last conference figure of each sentence
    for figure in figures:
        sentence = sentences.get(figure.sentence)
        if figure.kind is not Kind.CONFERENCE or sentence is None:
            out.append(figure)
            continue
        start = max(_clause_start(text, sentence, figure.start), previous_end.get(figure.sentence, 0))
        previous_end[figure.sentence] = figure.end
        out.append(replace(figure, place=_held_at(text, figure, start, rules, context)))
    return out


def place_donations(donations: Sequence[Donation], rules: Rules, provinces: Iterable[str]) -> list[Donation]:
    """Each donation with the place its recipient names (else none yet)."""
    context = tuple(sorted(set(provinces)))
    return [replace(d, place=_place(_resolve(d.recipient, rules, context))) if d.recipient else d for d in donations]


def article_place(entities: Sequence[Entity], text: str, rules: Rules) -> Place | None:
    """The one unit the article names, or the one province every administrative unit it names lies in (places
    and the units inside bodies' names alike: `Ủy ban MTTQ Việt Nam tỉnh Lào Cai`), as the article first writes
    the province when it names it; None when it names none or units of several provinces."""
    provinces = tuple(sorted({e.province_today for e in entities if e.province_today}))
    found = []
    for e in entities:
        if e.admin_level is not None:  # a place the entity layer read: bare names count (`Duy Xuyên`)
            found.append(resolve_place(unicodedata.normalize("NFC", text[e.start : e.end]), rules, provinces))
        elif e.type is EntityType.ORG:  # a unit inside a body's name, with its prefix
            found.append(_resolve(text[e.start : e.end], rules, provinces))
    found = [p for p in found if p is not None]
    names = {" ".join(p.unit.lower().split()) for p in found}
    if len(names) == 1:  # one unit, named again and again (`huyện Long Điền`)
        return _place(found[0])
    thens = {p.province for p in found}
    if len(thens) != 1 or None in thens:
        return None
    written = next((p.unit for p in found if p.level is Level.PROVINCE), None)
    province = thens.pop()
    todays = {p.province_today for p in found if p.province_today}
    return Place(written or province, Level.PROVINCE, province, todays.pop() if len(todays) == 1 else None)


def placed(
    figures: Sequence[Figure],
    donations: Sequence[Donation],
    entities: Sequence[Entity],
    sentences: Mapping[int, tuple[int, int]],
    text: str,
    rules: Rules,
) -> tuple[tuple[Figure, ...], tuple[Donation, ...]]:
    """The document's conferences and donations with their places (`sentences`: each sentence's span)."""
    provinces = {e.province_today for e in entities if e.province_today}
    figures = place_conferences(figures, sentences, text, rules, provinces)
    donations = place_donations(donations, rules, provinces)
    return _fill(figures, donations, article_place(entities, text, rules))


def _fill(
    figures: Sequence[Figure], donations: Sequence[Donation], fallback: Place | None
) -> tuple[tuple[Figure, ...], tuple[Donation, ...]]:
    """Conferences and donations whose own words name no place get the article's."""
    if fallback is None:
        return tuple(figures), tuple(donations)
    placed = tuple(replace(f, place=fallback) if f.kind is Kind.CONFERENCE and f.place is None else f for f in figures)
    return placed, tuple(replace(d, place=fallback) if d.place is None else d for d in donations)
