"""Vietnam's administrative units before and after the 2025 reorganisation (in force 1 July 2025: 63 provinces
became 34 and the district level was abolished), read from the table underthesea ships (`engine.address_mapping`).

`resolve_place` reads a place as written (`UBND tỉnh Quảng Nam`, `huyện Gia Lâm`, `TP Vinh`, `xã A, huyện B`)
and gives the unit it names, its level and the province that unit lies in today. The entity reader asks
`Units.known` which names after an administrative prefix are real units, so that they are read whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..cache import cached, data_digest, file_digest
from ..language.load import packaged_rules
from ..language.rules import Rules
from ..models import EntityType, Level
from ..nlp import engine
from ..text.vietnamese import phrase_key
from .gazetteer import Gazetteer, gazetteer

# Words (an abbreviation keeps its dot: `TP.`, `Q.`) and single punctuation marks.
_TOKEN = re.compile(r"[^\W_]+\.?|[^\w\s]")
_NUMBER = re.compile(r"^\d{1,3}[A-Za-z]?$")
_PREFIX_WORDS = 2
# The levels a unit may have, the highest first: a name that fits two is read at the higher one.
LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


class Seat(NamedTuple):  # a tuple: the cached table of some 14,000 seats loads fast
    """Where a unit of some name lies: its district before 2025 (a key; "" for none), its province then and today."""

    district: str
    province: str
    today: str


@dataclass(frozen=True, slots=True)
class Place:
    """An administrative unit named in a text: as written, its level, the province it lies in today (None when the
    name fits units in several provinces), its span in the text, and the province it lay in before 1 July 2025
    (the gazetteer's canonical name; None when not one)."""

    unit: str
    level: Level
    province_today: str | None
    start: int
    end: int
    province: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Units:
    """Known units by (level, phrase key of the name without its prefix), the provinces (then and today, by
    canonical name), the administrative prefixes by the levels they may name, the keys of the leading syllables
    of every name (a look-up stops where none goes on) and the most syllables a name has."""

    names: dict[tuple[Level, str], frozenset[Seat]]
    provinces: dict[str, str]
    prefixes: dict[str, frozenset[Level]]
    starts: frozenset[str]
    longest: int

    def known(self, keys: list[str], levels: Iterable[Level]) -> int:
        """How many of the syllable keys make the longest known unit name of one of the levels, else 0."""
        best, key = 0, ""
        for k, part in enumerate(keys[: self.longest]):
            key += part
            if any((level, key) in self.names for level in levels):
                best = k + 1
            if key not in self.starts:
                break
        return best

    def province(self, gaz: Gazetteer, key: str) -> str | None:
        """The canonical province a gazetteer form (phrase key) names, if it names one."""
        hit = gaz.names.get(key)
        return hit[1] if hit and hit[0] is EntityType.LOC and hit[1] in self.provinces else None


def _split(official: str, prefixes: dict[str, frozenset[Level]]) -> str:
    """An official name without its prefix (`Huyện Gia Lâm` -> `Gia Lâm`)."""
    words = official.split()
    for k in range(_PREFIX_WORDS, 0, -1):
        if len(words) > k and phrase_key(" ".join(words[:k]).lower()) in prefixes:
            return " ".join(words[k:])
    return official


def _prefixes(rules: Rules) -> dict[str, frozenset[Level]]:
    out: dict[str, set[Level]] = {}
    for level, words in rules.mapping("admin_levels").items():
        for word in words:
            out.setdefault(phrase_key(word.lower()), set()).add(Level(level))
    return {k: frozenset(v) for k, v in out.items()}


class _Builder:
    """Collects the units of the table, with the leading parts of every name for look-ups that stop early."""

    def __init__(self, rules: Rules):
        self.gaz = gazetteer(rules)
        self.prefixes = _prefixes(rules)
        self.names: dict[tuple[Level, str], set[Seat]] = {}
        self.provinces: dict[str, str] = {}
        self.starts: set[str] = set()
        self.longest = 1
        self.canonical = lru_cache(maxsize=None)(self._canonical)

    def _canonical(self, official: str) -> str:
        """A province's canonical name in the gazetteer (`Thành phố Hồ Chí Minh` -> `TP Hồ Chí Minh`)."""
        short = _split(official, self.prefixes)
        for form in (official, short):
            hit = self.gaz.names.get(phrase_key(form))
            if hit and hit[0] is EntityType.LOC:
                return hit[1]
        return short

    def add(self, level: Level, official: str, seat: Seat) -> str:
        """Record a unit by its official name; its key."""
        syllables = _split(official, self.prefixes).split()
        keys = [phrase_key(s) for s in syllables]
        self.starts.update("".join(keys[:k]) for k in range(1, len(keys)))
        self.longest = max(self.longest, len(keys))
        key = "".join(keys)
        self.names.setdefault((level, key), set()).add(seat)
        return key

    def row(self, row: engine.Ward) -> None:
        province, today = self.canonical(row.old_province), self.canonical(row.new_province)
        self.provinces[province] = self.provinces[today] = today
        district = phrase_key(_split(row.old_district, self.prefixes))
        self.add(Level.DISTRICT, row.old_district, Seat(district, province, today))
        if row.old_ward:
            self.add(Level.COMMUNE, row.old_ward, Seat(district, province, today))
        if row.new_ward:
            self.add(Level.COMMUNE, row.new_ward, Seat("", today, today))

    def successors(self, renamed: dict[str, tuple[str, ...]]) -> None:
        """Provinces the table knows only by a later name (`Thừa Thiên Huế`, now `Huế`)."""
        for today, former in renamed.items():
            for name in former:
                self.provinces[self.canonical(name)] = self.provinces.get(self.canonical(today), today)

    def build(self) -> Units:
        names = {k: frozenset(v) for k, v in self.names.items()}
        return Units(names, self.provinces, self.prefixes, frozenset(self.starts), self.longest)


@lru_cache(maxsize=8)
def units(rules: Rules) -> Units:
    """The known units, built once per rules object from underthesea's 2025 table, or read from the start-up
    cache under the same rules and table."""
    table = engine.underthesea_file(engine.ADDRESS_MAPPING)
    try:
        digest = data_digest(rules) + file_digest(table)
    except OSError:
        return _build(rules)
    return cached("units", digest, lambda: _build(rules))


def _build(rules: Rules) -> Units:
    builder = _Builder(rules)
    for row in engine.address_mapping():
        builder.row(row)
    builder.successors(rules.mapping("province_successors"))
    return builder.build()


@dataclass(frozen=True, slots=True)
class _Unit:
    """A unit found in a text: tokens i..j-1, its level and the seats its name fits."""

    i: int
    j: int
    level: Level
    seats: frozenset[Seat]


def _province(found: Units, gaz: Gazetteer, keys: list[str], i: int) -> tuple[int, frozenset[Seat]]:
    """The longest gazetteer form of a province at token i: its end and its seat, else (0, empty)."""
    best, seats, key = 0, frozenset(), ""
    for j in range(i, min(len(keys), i + gaz.longest)):
        key += keys[j]
        province = found.province(gaz, key)
        if province:
            best, seats = j + 1, frozenset((Seat("", province, found.provinces[province]),))
    return best, seats


def _prefixed(found: Units, gaz: Gazetteer, tokens: list[str], keys: list[str], i: int) -> _Unit | None:
    """A unit named with its prefix at token i (`huyện Gia Lâm`, `thành phố Vinh`, `phường 5`)."""
    for k in range(min(_PREFIX_WORDS, len(tokens) - i - 1), 0, -1):
        levels = found.prefixes.get(phrase_key(" ".join(tokens[i : i + k]).lower()))
        if not levels:
            continue
        at = i + k
        for level in sorted(levels, key=LEVELS.index):
            if level is Level.PROVINCE:
                end, seats = _province(found, gaz, keys, at)
            else:
                end = found.known(keys[at:], (level,))
                end, seats = (at + end, found.names[(level, "".join(keys[at : at + end]))]) if end else (0, frozenset())
            if end:
                return _Unit(i, end, level, seats)
        # A unit the table does not know (merged before 2025, or misspelt): its name is what is capitalised.
        end = at
        while end < len(tokens) and (tokens[end][:1].isupper() or _NUMBER.match(tokens[end])):
            end += 1
        if end > at and len(levels) == 1:
            return _Unit(i, end, next(iter(levels)), frozenset())
        return None
    return None


def _found(found: Units, gaz: Gazetteer, tokens: list[str]) -> list[_Unit]:
    """Every unit the text names, left to right."""
    keys = [phrase_key(t) for t in tokens]
    out: list[_Unit] = []
    i = 0
    while i < len(tokens):
        end, seats = _province(found, gaz, keys, i)
        unit = _Unit(i, end, Level.PROVINCE, seats) if end else _prefixed(found, gaz, tokens, keys, i)
        if unit is None and tokens[i][:1].isupper() and (i == 0 or not tokens[i - 1][:1].isupper()):
            end = found.known(keys[i:], (Level.DISTRICT,))
            stop = i + end
            if end and not (stop < len(tokens) and tokens[stop][:1].isupper()):
                unit = _Unit(i, stop, Level.DISTRICT, found.names[(Level.DISTRICT, "".join(keys[i:stop]))])
        if unit:
            out.append(unit)
            i = unit.j
        else:
            i += 1
    return out


def _fit(seats: frozenset[Seat], level: Level, after: frozenset[Seat]) -> frozenset[Seat]:
    """The seats that lie in the unit written after (of `level`, fitting `after`). The text wins over the table:
    where the name fits no seat there (a commune merged away before 2025, a namesake elsewhere), the unit lies
    where the text says."""
    if not after or level is Level.COMMUNE:
        return seats
    if level is Level.PROVINCE:
        named = {u.province for u in after} | {u.today for u in after}
        fit = {s for s in seats if s.province in named or s.today in named}
    else:
        fit = {s for s in seats for u in after if s.district == u.district and s.province == u.province}
    return frozenset(fit) or after


def _address(chain: list[_Unit]) -> list[_Unit]:
    """The units of the first one's address: each after it wider than the one before (`xã A, huyện B, tỉnh
    C`); a unit no wider ends it, as in a list (`các tỉnh Quảng Bình, Quảng Trị và Quảng Nam`)."""
    out = chain[:1]
    for unit in chain[1:]:
        if LEVELS.index(unit.level) >= LEVELS.index(out[-1].level):
            break
        out.append(unit)
    return out


def _narrow(chain: list[_Unit], provinces: Iterable[str]) -> frozenset[Seat]:
    """The seats of the first unit of an address (`xã A, huyện B, tỉnh C`), each unit read within the one after
    it, then within the provinces of its context."""
    seats = chain[-1].seats
    for unit, after in zip(reversed(chain[:-1]), reversed(chain[1:]), strict=True):
        seats = _fit(unit.seats, after.level, seats) if unit.seats else seats
    context = set(provinces)
    return frozenset(s for s in seats if s.today in context) or seats


@lru_cache(maxsize=1 << 14)
def _resolve(text: str, rules: Rules, provinces: tuple[str, ...]) -> Place | None:
    found, gaz = units(rules), gazetteer(rules)
    matches = list(_TOKEN.finditer(text))
    chain = _found(found, gaz, [m.group() for m in matches])
    if not chain:
        return None
    first = chain[0]
    seats = _narrow(_address(chain), provinces)
    todays, thens = {s.today for s in seats}, {s.province for s in seats}
    start, end = matches[first.i].start(), matches[first.j - 1].end()
    today = todays.pop() if len(todays) == 1 else None
    return Place(text[start:end], first.level, today, start, end, thens.pop() if len(thens) == 1 else None)


def resolve_place(text: str, rules: Rules | None = None, provinces: Iterable[str] = ()) -> Place | None:
    """The first administrative unit `text` names (`UBND tỉnh Quảng Nam` -> `tỉnh Quảng Nam`, a province, today
    in Đà Nẵng), with units written after it and `provinces` (today's provinces of its context) to tell apart
    units of one name in several provinces; None when it names none."""
    return _resolve(text, rules or packaged_rules(), tuple(sorted(set(provinces))))
